package nl.dkgw.cpa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Writes the service and consumer YAML specifications (and PEM files) the CLI and the docs use. */
public final class TestSpecifications {

    private TestSpecifications() {}

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** service.yml with the provider's certificates in provider-*.pem next to it. */
    public static Path writeService(Path dir, String profile) throws IOException {
        PartySpec p = TestCpas.provider();
        Files.writeString(dir.resolve("provider-client.pem"), pem(p.clientCertificate()));
        Files.writeString(dir.resolve("provider-server.pem"), pem(p.serverCertificate()));
        return write(dir.resolve("service.yml"), """
                serviceName: dgl:ontvangen:1.0
                profile: %s
                providerRole: Ontvanger
                consumerRole: Verstrekker
                actions:
                  - name: zakLk01
                    direction: consumer-to-provider
                  - name: bv03
                    direction: provider-to-consumer
                retries: 5
                retryInterval: PT1H
                persistDuration: P2D
                syncReplyMode: none
                provider:
                  PartyName: Provider
                  PartyId: "%s"
                  EndpointUri: https://provider.example.nl/ebms
                  ClientCert: provider-client.pem
                  ServerCert: provider-server.pem
                """.formatted(profile, TestCpas.PROVIDER_OIN));
    }

    /** consumer.yml shaped like the Consumerspecificatie, the client certificate inline as PEM. */
    public static Path writeConsumer(Path dir) throws IOException {
        PartySpec c = TestCpas.consumer();
        Files.writeString(dir.resolve("consumer-server.pem"), pem(c.serverCertificate()));
        String inlinePem = pem(c.clientCertificate()).indent(4);
        return write(dir.resolve("consumer.yml"), """
                PartyName: Gemeente Test
                PartyId: "%s"
                PartyRef: ""
                EndpointUri: https://gateway.gemeente.example.nl/ebms
                ClientCert: |
                %s
                ServerCert: consumer-server.pem
                """.formatted(TestCpas.CONSUMER_OIN, inlinePem.stripTrailing()));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }
}
