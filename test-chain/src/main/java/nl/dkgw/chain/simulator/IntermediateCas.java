package nl.dkgw.chain.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import nl.dkgw.pki.testpki.TestPki;

/**
 * The intermediate CAs of the test PKI (domain and issuing CA, not the root) as a PEM bundle: what a node configures
 * as {@code tls.intermediates} to verify the signatures of a peer whose ds:KeyInfo holds only the signer's
 * certificate ({@link ForeignHabit#LEAF_ONLY_KEY_INFO}), as docs/interop.md tells a user.
 */
final class IntermediateCas {

    private IntermediateCas() {}

    /** {@code pki/intermediates.pem}, written the first time it is asked for. */
    static Path pemBundle(TestPki pki) throws Exception {
        Path file = pki.dir().resolve("intermediates.pem");
        if (!Files.exists(file)) {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate c : pki.caCertificates()) {
                if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    pem.append("-----BEGIN CERTIFICATE-----\n")
                            .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
            }
            Files.writeString(file, pem.toString());
        }
        return file;
    }
}
