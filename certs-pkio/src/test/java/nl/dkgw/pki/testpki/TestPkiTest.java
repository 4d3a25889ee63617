package nl.dkgw.pki.testpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.testpki.TestPki.Usage;
import nl.dkgw.pki.validation.CrlDistributionPoints;
import nl.dkgw.pki.validation.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    @TempDir
    Path dir;

    @Test
    void generatesFourLevelChainsWithTheOinInEveryPartyCertificate() throws Exception {
        TestPki pki = TestPki.generate(
                dir,
                List.of(
                        new PartySpec("alice", "00000099000000001000", "localhost"),
                        new PartySpec("bob", "00000001823288444000", "gw.bob.example")));

        for (Usage usage : Usage.values()) {
            X509Certificate cert = pki.certificate("alice", usage);
            assertThat(Oin.fromCertificate(cert)).contains(Oin.parse("00000099000000001000"));
            assertThat(KeyUsage.of(cert)).contains(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
            assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
            KeyMaterial material = KeyMaterial.fromPkcs12(pki.credential("alice", usage), pki.password());
            assertThat(material.chain()).hasSize(3);
            assertThat(material.chain().get(2).getIssuerX500Principal())
                    .isEqualTo(pki.rootCertificate().getSubjectX500Principal());
            assertThat(Files.exists(pki.privateKeyPem("alice", usage))).isTrue();
        }
        assertThat(pki.caCertificates()).hasSize(3);
        assertThat(pki.rootCertificate().getSubjectX500Principal())
                .isEqualTo(pki.rootCertificate().getIssuerX500Principal());
        assertThat(TrustAnchors.fromKeyStore(pki.trustStore(), pki.password()).certificates())
                .containsExactly(pki.rootCertificate());
    }

    @Test
    void serverCertificateNamesTheHostAndLoopbackAddressForLocalhost() throws Exception {
        TestPki pki = TestPki.generate(
                dir,
                List.of(
                        new PartySpec("alice", "00000099000000001000", "localhost"),
                        new PartySpec("bob", "00000001823288444000", "gw.bob.example")));

        assertThat(pki.certificate("alice", Usage.TLS_SERVER).getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactly("localhost", "127.0.0.1");
        assertThat(pki.certificate("bob", Usage.TLS_SERVER).getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactly("gw.bob.example");
        assertThat(pki.certificate("bob", Usage.TLS_SERVER).getExtendedKeyUsage())
                .contains("1.3.6.1.5.5.7.3.1");
        assertThat(pki.certificate("bob", Usage.TLS_CLIENT).getExtendedKeyUsage())
                .contains("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void writesACrlPerCaAndPointsEveryCertificateAtItsIssuersCrl() {
        TestPki pki = TestPki.generate(
                dir,
                List.of(new PartySpec("alice", "00000099000000001000")),
                TestPki.Options.defaults().withCrlBaseUrl("http://127.0.0.1:1234/crls/"));

        assertThat(pki.crlDirectory().resolve("root.crl")).exists();
        assertThat(pki.crlDirectory().resolve("domain.crl")).exists();
        assertThat(pki.crlDirectory().resolve("issuing.crl")).exists();
        assertThat(CrlDistributionPoints.of(pki.certificate("alice", Usage.SIGNING)))
                .containsExactly("http://127.0.0.1:1234/crls/issuing.crl");
        assertThat(CrlDistributionPoints.of(pki.issuingCaCertificate()))
                .containsExactly("http://127.0.0.1:1234/crls/domain.crl");
        assertThat(pki.crl("issuing").getRevokedCertificates()).isNull();
    }

    @Test
    void revokingACertificateListsItInTheIssuingCasCrl() {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));

        pki.revoke("alice", Usage.TLS_CLIENT);

        assertThat(pki.crl("issuing").isRevoked(pki.certificate("alice", Usage.TLS_CLIENT)))
                .isTrue();
        assertThat(pki.crl("issuing").isRevoked(pki.certificate("alice", Usage.TLS_SERVER)))
                .isFalse();
    }

    @Test
    void reopensAGeneratedDirectoryFromItsManifest() {
        TestPki generated = TestPki.generate(
                dir, List.of(new PartySpec("alice", "00000099000000001000", "a.example").with(TestPki.Defect.EXPIRED)));

        TestPki reopened = TestPki.open(dir);

        assertThat(reopened.password()).isEqualTo(generated.password());
        assertThat(reopened.parties()).containsExactly(generated.party("alice"));
        assertThat(reopened.certificate("alice", Usage.SIGNING))
                .isEqualTo(generated.certificate("alice", Usage.SIGNING));
        assertThat(reopened.tlsServer("alice")).isEqualTo(dir.resolve("alice").resolve("tls-server.p12"));
        reopened.revoke("alice", Usage.SIGNING);
        assertThat(generated.crl("issuing").isRevoked(generated.certificate("alice", Usage.SIGNING)))
                .isTrue();
    }

    @Test
    void opensOnlyDirectoriesWithAManifest() {
        assertThatThrownBy(() -> TestPki.open(dir)).hasMessageContaining("testpki.properties");
    }

    @Test
    void refusesPartyNamesThatCannotBeDirectoriesAndMalformedOins() {
        assertThatThrownBy(() -> new PartySpec("../x", "00000099000000001000")).hasMessageContaining("directory name");
        assertThatThrownBy(() -> new PartySpec("x", "123")).hasMessageContaining("20 digits");
        assertThat(new PartySpec("x", "00000099000000001000", null).host()).isEqualTo("localhost");
    }

    @Test
    void unknownPartyIsNamedInTheError() {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));
        assertThatThrownBy(() -> pki.tlsClient("mallory"))
                .hasMessageContaining("mallory")
                .hasMessageContaining("alice");
    }
}
