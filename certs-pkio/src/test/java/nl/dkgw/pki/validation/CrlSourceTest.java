package nl.dkgw.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlSourceTest {

    @TempDir
    Path dir;

    @Test
    void firstOfSkipsAnExpiredCrlWhenALaterSourceHasAFreshOne() {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));
        X509CRL fresh = pki.crl("issuing");
        Instant now = Instant.now();
        pki.reissueCrls(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(2)));
        X509CRL expired = pki.crl("issuing");
        var cert = pki.certificate("alice", Usage.TLS_CLIENT);
        var issuer = pki.issuingCaCertificate();

        assertThat(CrlSource.firstOf((c, i) -> Optional.of(expired), (c, i) -> Optional.of(fresh))
                        .crlFor(cert, issuer))
                .contains(fresh);
        assertThat(CrlSource.firstOf((c, i) -> Optional.of(fresh), (c, i) -> Optional.of(expired))
                        .crlFor(cert, issuer))
                .contains(fresh);
        assertThat(CrlSource.firstOf((c, i) -> Optional.empty(), (c, i) -> Optional.of(expired))
                        .crlFor(cert, issuer))
                .contains(expired);
        assertThat(CrlSource.firstOf((c, i) -> Optional.empty()).crlFor(cert, issuer))
                .isEmpty();
    }

    @Test
    void directorySourcePicksTheIssuersCrlAndNoticesRewrites() {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));
        DirectoryCrlSource source = new DirectoryCrlSource(pki.crlDirectory());
        var cert = pki.certificate("alice", Usage.TLS_CLIENT);

        assertThat(source.crlFor(cert, pki.issuingCaCertificate()).orElseThrow().isRevoked(cert))
                .isFalse();
        pki.revoke("alice", Usage.TLS_CLIENT);
        assertThat(source.crlFor(cert, pki.issuingCaCertificate()).orElseThrow().isRevoked(cert))
                .isTrue();
        assertThat(source.crlFor(
                                pki.issuingCaCertificate(), pki.caCertificates().get(1))
                        .orElseThrow()
                        .getIssuerX500Principal())
                .isEqualTo(pki.caCertificates().get(1).getSubjectX500Principal());
        assertThat(new DirectoryCrlSource(dir.resolve("absent")).crlFor(cert, pki.issuingCaCertificate()))
                .isEmpty();
    }
}
