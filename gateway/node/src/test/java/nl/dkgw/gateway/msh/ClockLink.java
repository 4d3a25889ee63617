package nl.dkgw.gateway.msh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.pki.testpki.TestPki;

/**
 * One reliable (osb-rm) CPA between "us" (consumer, sends Report) and "peer", valid through 2026, with the PKI of
 * both: the fixture of the MSH tests that run on a manual clock. Made once per test JVM.
 */
final class ClockLink {

    static final String SERVICE = "dkgw:clock:1.0";
    static final String ACTION = "Report";
    static final Instant CPA_START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CPA_END = Instant.parse("2027-01-01T00:00:00Z");
    static final Duration PERSIST = Duration.ofHours(6);
    static final Duration INTERVAL = Duration.ofMinutes(2);
    static final int RETRIES = 4;

    private static ClockLink link;

    final TestPki pki;
    final Cpa cpa;

    private ClockLink(TestPki pki) throws Exception {
        this.pki = pki;
        ServiceSpec service = new ServiceSpec(
                SERVICE,
                Profile.OSB_RM,
                "Ontvanger",
                "Aanleverer",
                List.of(new ActionSpec(ACTION, ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                RETRIES,
                INTERVAL,
                PERSIST,
                SyncReplyMode.NONE,
                party("peer", "00000099000000002000"));
        this.cpa = new CpaParser()
                .parse(CpaGenerator.generate(service, party("us", "00000099000000001000"), CPA_START, CPA_END, "1"));
    }

    static synchronized ClockLink get() throws Exception {
        if (link == null) {
            Path dir = Files.createTempDirectory("dkgw-clock-pki");
            link = new ClockLink(TestPki.generate(
                    dir,
                    List.of(
                            new TestPki.PartySpec("us", "00000099000000001000"),
                            new TestPki.PartySpec("peer", "00000099000000002000"))));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
        }
        return link;
    }

    /** The TLS client certificate "us" presents when posting to the peer. */
    X509Certificate ourClientCertificate() {
        return pki.certificate("us", TestPki.Usage.TLS_CLIENT);
    }

    private PartySpec party(String name, String oin) {
        return new PartySpec(
                name,
                oin,
                URI.create("https://" + name + ".test/ebms"),
                pki.certificate(name, TestPki.Usage.TLS_CLIENT),
                pki.certificate(name, TestPki.Usage.TLS_SERVER));
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
