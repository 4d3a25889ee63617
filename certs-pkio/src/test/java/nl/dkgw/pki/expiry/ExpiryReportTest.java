package nl.dkgw.pki.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;

class ExpiryReportTest {

    final TestPki pki = SharedTestPki.get();
    final Instant now = Instant.now();

    ExpiryReport report() {
        return ExpiryReport.at(now)
                .keyMaterial("alice TLS", pki.keyMaterial("alice", Usage.TLS_SERVER))
                .keyMaterial("expired TLS", pki.keyMaterial("expired", Usage.TLS_SERVER))
                .trustAnchors(pki.trustAnchors())
                .crls(List.of(pki.crl("issuing"), pki.crl("root")));
    }

    @Test
    void listsOnlyWhatExpiresWithinTheWindowSoonestFirst() {
        List<ExpiringItem> within30 = report().expiringWithinDays(30);

        assertThat(within30)
                .extracting(ExpiringItem::kind)
                .containsExactly(ExpiringItem.Kind.OWN_CERTIFICATE, ExpiringItem.Kind.CRL, ExpiringItem.Kind.CRL);
        assertThat(within30.get(0).name()).isEqualTo("expired TLS");
        assertThat(within30.get(0).expired()).isTrue();
        assertThat(within30.get(0).describe()).contains("expired").contains("days ago");
        assertThat(within30.get(1).expired()).isFalse();
        assertThat(within30.get(1).describe()).contains("expires in 6 days");
    }

    @Test
    void aLongerWindowTakesInTheOwnCertificatesAndAnchors() {
        assertThat(report().expiringWithin(Duration.ofDays(800)))
                .hasSize(4)
                .extracting(ExpiringItem::kind)
                .contains(ExpiringItem.Kind.OWN_CERTIFICATE);
        assertThat(report().expiringWithin(Duration.ofDays(4000))).hasSize(3 + 3 + 1 + 2);
        assertThat(report().all()).hasSize(9);
        assertThat(report().all()).anyMatch(i -> i.kind() == ExpiringItem.Kind.TRUST_ANCHOR);
    }
}
