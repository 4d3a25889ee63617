package nl.dkgw.cpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CPA between two parties of certs-pkio's PKIoverheid-shaped test PKI is generated, valid and resolvable. */
class TestPkiCpaTest {

    @TempDir
    Path dir;

    @Test
    void cpaFromTestPkiCertificatesIsValid() throws Exception {
        TestPki pki = TestPki.generate(
                dir,
                List.of(
                        new TestPki.PartySpec("provider", TestCpas.PROVIDER_OIN, "provider.test"),
                        new TestPki.PartySpec("consumer", TestCpas.CONSUMER_OIN, "consumer.test")));
        ServiceSpec service = ServiceSpec.withDefaults(
                TestCpas.SERVICE,
                Profile.OSB_RM_E,
                "Ontvanger",
                "Verstrekker",
                List.of(new ActionSpec("zakLk01", ActionSpec.Direction.BOTH)),
                party(pki, "provider", TestCpas.PROVIDER_OIN));

        String xml = CpaGenerator.generate(service, party(pki, "consumer", TestCpas.CONSUMER_OIN));

        assertThat(new CpaValidator().validate(xml)).isEmpty();
        DeliveryChannel channel =
                new CpaParser().parse(xml).resolve(TestCpas.CONSUMER, TestCpas.PROVIDER, TestCpas.SERVICE, "zakLk01");
        assertThat(channel.encryptionCertificate())
                .contains(pki.keyMaterial("provider", Usage.ENCRYPTION).certificate());
        assertThat(channel.signingCertificate())
                .contains(pki.keyMaterial("consumer", Usage.SIGNING).certificate());
    }

    @Test
    void eachPartysSigningCertificateIsFoundForCheckingItsSignedAcknowledgments() throws Exception {
        TestPki pki = TestPki.generate(
                dir,
                List.of(
                        new TestPki.PartySpec("provider", TestCpas.PROVIDER_OIN, "provider.test"),
                        new TestPki.PartySpec("consumer", TestCpas.CONSUMER_OIN, "consumer.test")));
        ServiceSpec service = ServiceSpec.withDefaults(
                TestCpas.SERVICE,
                Profile.OSB_RM_S,
                "Ontvanger",
                "Verstrekker",
                List.of(new ActionSpec("zakLk01", ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                party(pki, "provider", TestCpas.PROVIDER_OIN));
        Cpa cpa = UrlMapping.none()
                .apply(new CpaParser()
                        .parse(CpaGenerator.generate(service, party(pki, "consumer", TestCpas.CONSUMER_OIN))));
        assertThat(cpa.signingCertificateOf(TestCpas.PROVIDER))
                .contains(pki.keyMaterial("provider", Usage.SIGNING).certificate());
        assertThat(cpa.signingCertificateOf(TestCpas.CONSUMER))
                .contains(pki.keyMaterial("consumer", Usage.SIGNING).certificate());
        assertThat(cpa.signingCertificateOf(PartyId.oin("00000099000000009000")))
                .isEmpty();
    }

    @Test
    void everyCertificateAPartyCarriesIsOfferedForPathBuildingIncludingItsCaCertificates() throws Exception {
        TestPki pki = TestPki.generate(
                dir,
                List.of(
                        new TestPki.PartySpec("provider", TestCpas.PROVIDER_OIN, "provider.test"),
                        new TestPki.PartySpec("consumer", TestCpas.CONSUMER_OIN, "consumer.test")));
        ServiceSpec service = ServiceSpec.withDefaults(
                TestCpas.SERVICE,
                Profile.OSB_RM_S,
                "Ontvanger",
                "Verstrekker",
                List.of(new ActionSpec("zakLk01", ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                party(pki, "provider", TestCpas.PROVIDER_OIN));
        X509Certificate signing = pki.keyMaterial("consumer", Usage.SIGNING).certificate();
        String own = Base64.getEncoder().encodeToString(signing.getEncoded()) + "</ds:X509Certificate>";
        String withCa = CpaGenerator.generate(service, party(pki, "consumer", TestCpas.CONSUMER_OIN))
                .replace(
                        own,
                        own + "<ds:X509Certificate>"
                                + Base64.getEncoder()
                                        .encodeToString(
                                                pki.issuingCaCertificate().getEncoded()) + "</ds:X509Certificate>");

        Cpa cpa = UrlMapping.none().apply(new CpaParser().parse(withCa));

        assertThat(cpa.certificatesOf(TestCpas.CONSUMER))
                .contains(signing, pki.issuingCaCertificate())
                .contains(pki.keyMaterial("consumer", Usage.TLS_CLIENT).certificate())
                .doesNotContain(pki.keyMaterial("provider", Usage.SIGNING).certificate());
        assertThat(cpa.signingCertificateOf(TestCpas.CONSUMER)).contains(signing);
        assertThat(cpa.certificatesOf(PartyId.oin("00000099000000009000"))).isEmpty();
    }

    private static PartySpec party(TestPki pki, String name, String oin) {
        return new PartySpec(
                name,
                oin,
                URI.create("https://" + name + ".test/ebms"),
                pki.keyMaterial(name, Usage.TLS_CLIENT).certificate(),
                pki.keyMaterial(name, Usage.TLS_SERVER).certificate(),
                pki.keyMaterial(name, Usage.SIGNING).certificate(),
                pki.keyMaterial(name, Usage.ENCRYPTION).certificate());
    }
}
