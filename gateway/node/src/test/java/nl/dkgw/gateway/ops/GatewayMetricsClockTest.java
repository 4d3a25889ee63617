package nl.dkgw.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import nl.dkgw.gateway.store.jdbc.StoreTransactions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics that count time (days to a certificate's expiry) count on the node's clock, not the wall clock. */
class GatewayMetricsClockTest {

    @TempDir
    Path dir;

    @Test
    void daysToExpiryFollowTheNodesClock() throws Exception {
        Instant notAfter = Instant.parse("2031-06-01T00:00:00Z");
        X509Certificate cert = selfSigned(notAfter);
        ManualClock clock = new ManualClock(notAfter.minus(Duration.ofDays(40)));
        try (GatewayDatabase db =
                GatewayDatabase.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null, 2)) {
            GatewayMetrics metrics = new GatewayMetrics(
                    JdbcStore.of(db.dataSource(), clock).deliveryTasks(),
                    StoreTransactions.OF_THIS_PROCESS,
                    new CpaStore(db.dataSource()),
                    () -> Map.of("signing", cert),
                    clock);

            assertThat(daysLeft(metrics)).isEqualTo(40.0);
            clock.advance(Duration.ofDays(30));
            assertThat(daysLeft(metrics)).isEqualTo(10.0);
        }
    }

    private static double daysLeft(GatewayMetrics metrics) {
        return metrics.registry()
                .get("dkgw.certificate.days.to.expiry")
                .tag("usage", "signing")
                .gauge()
                .value();
    }

    private static X509Certificate selfSigned(Instant notAfter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=metrics-clock-test");
        var builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.ONE,
                Date.from(notAfter.minus(Duration.ofDays(400))),
                Date.from(notAfter),
                name,
                keys.getPublic());
        var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
