package nl.dkgw.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.support.OcspResponder;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcspClientTest {

    @TempDir
    Path dir;

    OcspResponder responder;
    TestPki pki;
    Path crlSnapshot;
    final AtomicReference<String> signerCa = new AtomicReference<>("issuing");

    @BeforeEach
    void start() throws Exception {
        AtomicReference<TestPki> holder = new AtomicReference<>();
        responder = new OcspResponder(
                () -> holder.get().caKeyMaterial(signerCa.get()),
                () -> holder.get().crl("issuing"));
        pki = TestPki.generate(
                dir.resolve("pki"),
                List.of(new PartySpec("alice", "00000099000000001000")),
                TestPki.Options.defaults().withOcspUrl(responder.url()));
        holder.set(pki);
        crlSnapshot = Files.createDirectories(dir.resolve("crl-snapshot"));
        try (var files = Files.list(pki.crlDirectory())) {
            for (Path file : files.toList()) {
                Files.copy(file, crlSnapshot.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @AfterEach
    void stop() {
        responder.close();
    }

    private CertificateValidator validator() {
        return PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource(new DirectoryCrlSource(crlSnapshot))
                .ocsp(OcspClient.builder().build())
                .build();
    }

    private List<X509Certificate> alice() {
        KeyMaterial material = pki.keyMaterial("alice", Usage.TLS_CLIENT);
        return material.chain();
    }

    @Test
    void readsTheResponderFromTheCertificate() {
        assertThat(OcspClient.responders(pki.certificate("alice", Usage.TLS_CLIENT)))
                .containsExactly(responder.url());
        assertThat(OcspClient.responders(pki.issuingCaCertificate())).isEmpty();
    }

    @Test
    void aGoodAnswerIsAcceptedAndCached() {
        CertificateValidator validator = validator();

        assertThat(validator.validate(alice(), Instant.now()).valid()).isTrue();
        assertThat(validator.validate(alice(), Instant.now()).valid()).isTrue();

        assertThat(responder.requests()).isEqualTo(1);
    }

    @Test
    void aRevocationReportedByOcspWinsOverAnOlderCrl() {
        pki.revoke("alice", Usage.TLS_CLIENT);

        ValidationResult result = validator().validate(alice(), Instant.now());

        assertThat(result.summary())
                .contains("[revocation (OCSP)]")
                .contains("KEY_COMPROMISE")
                .contains(responder.url());
    }

    @Test
    void fallsBackToTheCrlWhenTheResponderIsDown() {
        pki.revoke("alice", Usage.TLS_CLIENT);
        responder.close();

        assertThat(validator().validate(alice(), Instant.now()).valid())
                .as("snapshot CRL predates revocation")
                .isTrue();
    }

    @Test
    void ignoresAnAnswerNotSignedByTheIssuer() {
        signerCa.set("root");
        pki.revoke("alice", Usage.TLS_CLIENT);

        assertThat(validator().validate(alice(), Instant.now()).valid()).isTrue();
        assertThat(responder.requests()).isPositive();
    }

    @Test
    void ocspNeedsACrlFallback() {
        assertThatThrownBy(() -> PkioCertificateValidator.builder(pki.trustAnchors())
                        .ocsp(OcspClient.builder().build())
                        .build())
                .hasMessageContaining("CRL source");
    }
}
