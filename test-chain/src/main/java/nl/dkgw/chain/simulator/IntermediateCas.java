package nl.dkgw.chain.simulator;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.pki.testpki.TestPki;

/**
 * The intermediate CAs of the test PKI (domain and issuing CA, not the root), which a node needs to verify the
 * signatures of a peer whose ds:KeyInfo holds only the signer's certificate ({@link ForeignHabit#LEAF_ONLY_KEY_INFO}).
 * A user configures them as docs/interop.md says; this is the one place the chain's client nodes get them.
 */
final class IntermediateCas {

    private IntermediateCas() {
    }

    /** The intermediate CAs as a PEM bundle, {@code pki/intermediates.pem}. */
    static Path pemBundle(TestPki pki) throws Exception {
        Path file = pki.dir().resolve("intermediates.pem");
        if (!Files.exists(file)) {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate c : intermediates(pki)) {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            Files.writeString(file, pem.toString());
        }
        return file;
    }

    /**
     * The client's TLS settings with the intermediates configured.
     * TODO(issue 13, trust): configure the PEM bundle ({@link #pemBundle}) under the gateway's key for intermediate
     * CAs of signature paths once it exists, and keep {@code tls} as it is. Until then this uses the workaround the
     * issue describes: a trust store holding the root and the intermediates.
     */
    static GatewayConfig.Tls configure(GatewayConfig.Tls tls, TestPki pki) throws Exception {
        Path store = pki.dir().resolve("trust-with-intermediates.p12");
        if (!Files.exists(store)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("dkgw-test-root", pki.rootCertificate());
            int i = 0;
            for (X509Certificate c : intermediates(pki)) {
                trust.setCertificateEntry("dkgw-test-intermediate-" + i++, c);
            }
            try (OutputStream out = Files.newOutputStream(store)) {
                trust.store(out, pki.password());
            }
        }
        return new GatewayConfig.Tls(tls.serverKey(), tls.clientKey(), store.toString(), tls.trustStorePassword(),
                tls.crlCheck(), tls.crlDir(), tls.crlRefresh(), tls.crlGrace());
    }

    /** The lines of gateway.yml for the same, under {@code tls:} (see {@link #configure}). */
    static String trustStoreLine(TestPki pki) {
        return "  trust-store: " + pki.dir().resolve("trust-with-intermediates.p12") + "\n";
    }

    private static List<X509Certificate> intermediates(TestPki pki) {
        return pki.caCertificates().stream()
                .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())).toList();
    }
}
