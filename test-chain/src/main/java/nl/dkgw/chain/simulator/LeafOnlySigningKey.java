package nl.dkgw.chain.simulator;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.testpki.TestPki;

/**
 * The signing key of the foreign-peer simulator with {@link ForeignHabit#LEAF_ONLY_KEY_INFO}: the party's test
 * signing key in a PKCS#12 store whose certificate chain holds only the signer's own certificate. A dkgw node puts
 * the chain of its signing key (root excluded) in ds:KeyInfo, so with this key its signatures, on messages and on
 * acknowledgments, carry the leaf alone, as the reference adapter's do. Nothing in the gateway changes for it.
 */
final class LeafOnlySigningKey {

    private LeafOnlySigningKey() {
    }

    /** Writes {@code signing-leaf-only.p12} into {@code dir} (with the PKI's password) and returns its path. */
    static Path write(TestPki pki, String party, Path dir) throws Exception {
        KeyMaterial key = pki.keyMaterial(party, TestPki.Usage.SIGNING);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("signing", key.privateKey(), pki.password(), new Certificate[] {key.certificate()});
        Files.createDirectories(dir);
        Path file = dir.resolve("signing-leaf-only.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, pki.password());
        }
        return file;
    }
}
