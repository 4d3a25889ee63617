package nl.dkgw.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.dkgw.pki.support.CrlServer;
import nl.dkgw.pki.support.MutableClock;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCrlSourceTest {

    @TempDir
    Path dir;

    CrlServer server;
    TestPki pki;
    MutableClock clock;
    HttpCrlSource source;
    CertificateValidator validator;

    @BeforeEach
    void start() throws Exception {
        server = new CrlServer();
        pki = TestPki.generate(
                dir,
                List.of(new PartySpec("alice", "00000099000000001000")),
                TestPki.Options.defaults().withCrlBaseUrl(server.baseUrl()));
        server.serve(pki.crlDirectory());
        clock = new MutableClock(Instant.now());
        source = HttpCrlSource.builder()
                .clock(clock)
                .refreshInterval(Duration.ofHours(4))
                .build();
        validator = PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource(source)
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ValidationResult validateAlice() {
        return validator.validate(pki.keyMaterial("alice", Usage.TLS_CLIENT).chain(), clock.instant());
    }

    @Test
    void fetchesTheCrlOfEveryCaInTheChainOnceAndServesLaterChecksFromTheCache() {
        assertThat(validateAlice().valid()).isTrue();
        assertThat(validateAlice().valid()).isTrue();

        assertThat(server.requests("issuing.crl")).isEqualTo(1);
        assertThat(server.requests("domain.crl")).isEqualTo(1);
        assertThat(server.requests("root.crl")).isEqualTo(1);
        assertThat(source.cached()).hasSize(3);
    }

    @Test
    void aRevocationTakesEffectAfterTheRefreshInterval() {
        assertThat(validateAlice().valid()).isTrue();
        pki.revoke("alice", Usage.TLS_CLIENT);

        clock.advance(Duration.ofHours(3));
        assertThat(validateAlice().valid())
                .as("cached CRL still used within the interval")
                .isTrue();

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        ValidationResult result = validateAlice();

        assertThat(result.valid()).isFalse();
        assertThat(result.summary()).contains("was revoked on");
        assertThat(server.requests("issuing.crl")).isEqualTo(2);
    }

    @Test
    void refreshAllFetchesCachedCrlsAgain() {
        validateAlice();
        pki.revoke("alice", Usage.TLS_CLIENT);

        assertThat(source.refreshAll()).isEqualTo(3);

        assertThat(validateAlice().summary()).contains("was revoked on");
    }

    @Test
    void keepsTheCachedCrlWhenTheDistributionPointIsDown() {
        assertThat(validateAlice().valid()).isTrue();
        server.close();

        clock.advance(Duration.ofHours(5));

        assertThat(validateAlice().valid()).isTrue();
    }

    @Test
    void failsClosedWhenNoCrlCanBeFetched() {
        server.serve(dir.resolve("empty"));

        ValidationResult result = validateAlice();

        assertThat(result.valid()).isFalse();
        assertThat(result.summary()).contains("no CRL of its issuer").contains(server.baseUrl() + "/issuing.crl");
    }

    @Test
    void anExpiredCachedCrlFailsClosedWhenItCannotBeRefreshed() {
        assertThat(validateAlice().valid()).isTrue();
        server.close();

        clock.advance(Duration.ofDays(8));

        assertThat(validateAlice().summary()).contains("expired at");
    }

    @Test
    void ignoresACrlNotIssuedByTheCertificatesIssuer() throws Exception {
        Path other = dir.resolve("other");
        TestPki otherPki = TestPki.generate(other, List.of(new PartySpec("x", "00000099000000001000")));
        server.serve(otherPki.crlDirectory());

        assertThat(validateAlice().summary()).contains("no CRL of its issuer");
    }
}
