package nl.dkgw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    final TestPki pki = SharedTestPki.get();

    @TempDir
    Path dir;

    @Test
    void readsTheSingleKeyEntryOfAPkcs12File() {
        KeyMaterial material = KeyMaterial.fromPkcs12(pki.signing("alice"), pki.password());

        assertThat(material.certificate()).isEqualTo(pki.certificate("alice", Usage.SIGNING));
        assertThat(material.chain()).hasSize(3);
        assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(material.toString()).doesNotContain("PrivateKey");
    }

    @Test
    void readsPemKeyAndChain() {
        KeyMaterial pem =
                KeyMaterial.fromPem(pki.privateKeyPem("bob", Usage.TLS_SERVER), pki.chainPem("bob", Usage.TLS_SERVER));
        KeyMaterial p12 = KeyMaterial.fromPkcs12(pki.tlsServer("bob"), pki.password());

        assertThat(pem.chain()).isEqualTo(p12.chain());
        assertThat(pem.privateKey().getEncoded()).isEqualTo(p12.privateKey().getEncoded());
    }

    @Test
    void severalKeyEntriesNeedAnAliasAndTheErrorNamesFileAndAliases() throws Exception {
        Path both = twoKeyStore();

        assertThatThrownBy(() -> KeyMaterial.fromPkcs12(both, pki.password()))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessageContaining(both.toString())
                .hasMessageContaining("2 private key entries")
                .hasMessageContaining("one")
                .hasMessageContaining("two");
        assertThat(KeyMaterial.fromPkcs12(both, pki.password(), "two").certificate())
                .isEqualTo(pki.certificate("bob", Usage.SIGNING));
    }

    @Test
    void unknownAliasIsNamed() throws Exception {
        Path both = twoKeyStore();

        assertThatThrownBy(() -> KeyMaterial.fromPkcs12(both, pki.password(), "three"))
                .hasMessageContaining("'three'")
                .hasMessageContaining("[one, two]");
    }

    @Test
    void aStoreWithoutKeysIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> KeyMaterial.fromPkcs12(pki.trustStore(), pki.password()))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessageContaining(pki.trustStore().toString())
                .hasMessageContaining("no private key entry");
    }

    @Test
    void wrongPasswordAndMissingFileAreNamed() {
        assertThatThrownBy(() -> KeyMaterial.fromPkcs12(pki.signing("alice"), "nope".toCharArray()))
                .hasMessageContaining(pki.signing("alice").toString())
                .hasMessageContaining("wrong password");
        assertThatThrownBy(() -> KeyMaterial.fromPkcs12(dir.resolve("absent.p12"), "x".toCharArray()))
                .hasMessageContaining("absent.p12")
                .hasMessageContaining("does not exist");
    }

    @Test
    void pemWithoutPrivateKeyIsRefused() {
        Path chain = pki.chainPem("alice", Usage.SIGNING);
        assertThatThrownBy(() -> KeyMaterial.fromPem(chain, chain))
                .hasMessageContaining(chain.toString())
                .hasMessageContaining("no unencrypted private key");
    }

    private Path twoKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        KeyMaterial a = KeyMaterial.fromPkcs12(pki.signing("alice"), pki.password());
        KeyMaterial b = KeyMaterial.fromPkcs12(pki.signing("bob"), pki.password());
        store.setKeyEntry("one", a.privateKey(), pki.password(), a.chain().toArray(Certificate[]::new));
        store.setKeyEntry("two", b.privateKey(), pki.password(), b.chain().toArray(Certificate[]::new));
        Path file = dir.resolve("two.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, pki.password());
        }
        return file;
    }
}
