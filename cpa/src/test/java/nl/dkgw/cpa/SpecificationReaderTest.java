package nl.dkgw.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecificationReaderTest {

    @TempDir
    Path dir;

    private final SpecificationReader reader = new SpecificationReader();

    @Test
    void readsServiceSpecificationWithCertificateFiles() throws Exception {
        ServiceSpec service = reader.readService(TestSpecifications.writeService(dir, "osb-rm-s"));

        assertThat(service.serviceName()).isEqualTo("dgl:ontvangen:1.0");
        assertThat(service.profile()).isEqualTo(Profile.OSB_RM_S);
        assertThat(service.actions())
                .containsExactly(
                        new ActionSpec("zakLk01", ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                        new ActionSpec("bv03", ActionSpec.Direction.PROVIDER_TO_CONSUMER));
        assertThat(service.retries()).isEqualTo(5);
        assertThat(service.retryInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(service.persistDuration()).isEqualTo(Duration.ofDays(2));
        assertThat(service.provider().oin()).isEqualTo(TestCpas.PROVIDER_OIN);
        assertThat(service.provider()
                        .clientCertificate()
                        .getSubjectX500Principal()
                        .getName())
                .contains("provider.example.nl");
    }

    @Test
    void readsConsumerSpecificationWithInlinePemAndIgnoresPartyRef() throws Exception {
        PartySpec consumer = reader.readConsumer(TestSpecifications.writeConsumer(dir));

        assertThat(consumer.name()).isEqualTo("Gemeente Test");
        assertThat(consumer.oin()).isEqualTo(TestCpas.CONSUMER_OIN);
        assertThat(consumer.endpoint()).hasHost("gateway.gemeente.example.nl");
        assertThat(consumer.clientCertificate().getSubjectX500Principal().getName())
                .contains("gateway.gemeente.example.nl");
        assertThat(consumer.signingCertificate()).isNull();
    }

    @Test
    void readsTheXmlConsumerspecificatieOfTheCpaCreatievoorziening() throws Exception {
        PartySpec c = TestCpas.consumer();
        Path file = dir.resolve("consumerspecificatie.xml");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <osb-ebms-service-specificatie>
                  <parameters name="SR">
                    <parameter name="PartyName">Gemeente Test</parameter>
                    <parameter name="PartyId">%s</parameter>
                    <parameter name="PartyRef"/>
                    <parameter name="EndpointUri">https://gateway.gemeente.example.nl/ebms</parameter>
                    <parameter name="ClientCert">
                      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>%s</X509Certificate></X509Data></KeyInfo>
                    </parameter>
                    <parameter name="ServerCert">
                      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>%s</X509Certificate></X509Data></KeyInfo>
                    </parameter>
                  </parameters>
                </osb-ebms-service-specificatie>
                """.formatted(
                        TestCpas.CONSUMER_OIN, base64(c.clientCertificate()), base64(c.serverCertificate())));

        PartySpec consumer = reader.readConsumer(file);

        assertThat(consumer.name()).isEqualTo("Gemeente Test");
        assertThat(consumer.oin()).isEqualTo(TestCpas.CONSUMER_OIN);
        assertThat(consumer.endpoint()).hasHost("gateway.gemeente.example.nl");
        assertThat(consumer.clientCertificate().getEncoded())
                .isEqualTo(c.clientCertificate().getEncoded());
    }

    @Test
    void xmlConsumerspecificatieWithDoctypeIsRefused() throws Exception {
        Path file = Files.writeString(
                dir.resolve("evil.xml"), "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");

        assertThatThrownBy(() -> reader.readConsumer(file)).hasMessageContaining("DOCTYPE");
    }

    private static String base64(X509Certificate certificate) throws Exception {
        return Base64.getEncoder().encodeToString(certificate.getEncoded());
    }

    @Test
    void missingReliableMessagingValuesFallBackToBestPractice() throws Exception {
        Path file = TestSpecifications.writeService(dir, "osb-rm");
        Files.writeString(
                file, Files.readString(file).replaceAll("(?m)^(retries|retryInterval|persistDuration):.*\\n", ""));

        ServiceSpec service = reader.readService(file);

        assertThat(service.retries()).isEqualTo(8);
        assertThat(service.retryInterval()).isEqualTo(Duration.ofHours(3));
        assertThat(service.persistDuration()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void mistakesAreNamed() throws Exception {
        Path service = TestSpecifications.writeService(dir, "osb-xx");
        assertThatThrownBy(() -> reader.readService(service))
                .hasMessageContaining("profile 'osb-xx'")
                .hasMessageContaining("service.yml");

        Path consumer = TestSpecifications.writeConsumer(dir);
        Files.writeString(consumer, Files.readString(consumer).replace("PartyName:", "Partyname:"));
        assertThatThrownBy(() -> reader.readConsumer(consumer)).hasMessageContaining("Partyname");

        Path badCert = TestSpecifications.writeConsumer(dir);
        Files.writeString(badCert, Files.readString(badCert).replace("consumer-server.pem", "missing.pem"));
        assertThatThrownBy(() -> reader.readConsumer(badCert))
                .hasMessageContaining("ServerCert")
                .hasMessageContaining("missing.pem");

        Path badDirection = TestSpecifications.writeService(dir, "osb-rm");
        Files.writeString(badDirection, Files.readString(badDirection).replace("provider-to-consumer", "sideways"));
        assertThatThrownBy(() -> reader.readService(badDirection)).hasMessageContaining("direction 'sideways'");

        assertThatThrownBy(() -> reader.readConsumer(dir.resolve("none.yml"))).isInstanceOf(NoSuchFileException.class);
    }
}
