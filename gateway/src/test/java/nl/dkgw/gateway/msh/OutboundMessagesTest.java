package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.GatewayDatabase;
import nl.dkgw.gateway.store.MessageStore;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.testpki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission becomes a stored message and a delivery task whose times count from the injected clock: due at once,
 * the CPA's retries and interval, a deadline one persist duration later; and a CPA is usable only while the clock is
 * inside its validity.
 */
class OutboundMessagesTest {

    private static final Instant CPA_START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant CPA_END = Instant.parse("2027-01-01T00:00:00Z");
    private static final Duration PERSIST = Duration.ofHours(6);
    private static final Duration INTERVAL = Duration.ofMinutes(2);
    private static Cpa cpa;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
    private GatewayDatabase db;
    private MessageStore store;
    private OutboundMessages outbound;

    @BeforeAll
    static void cpa(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.generate(dir, List.of(new TestPki.PartySpec("us", "00000099000000001000"),
                new TestPki.PartySpec("peer", "00000099000000002000")));
        ServiceSpec service = new ServiceSpec("dkgw:clock:1.0", Profile.OSB_RM, "Ontvanger", "Aanleverer",
                List.of(new ActionSpec("Report", ActionSpec.Direction.CONSUMER_TO_PROVIDER)), 4, INTERVAL, PERSIST,
                SyncReplyMode.NONE, party(pki, "peer", "00000099000000002000"));
        cpa = new CpaParser().parse(CpaGenerator.generate(service, party(pki, "us", "00000099000000001000"),
                CPA_START, CPA_END, "1"));
    }

    private static PartySpec party(TestPki pki, String name, String oin) {
        return new PartySpec(name, oin, URI.create("https://" + name + ".test/ebms"),
                pki.certificate(name, TestPki.Usage.TLS_CLIENT), pki.certificate(name, TestPki.Usage.TLS_SERVER));
    }

    @BeforeEach
    void open() {
        db = GatewayDatabase.open("jdbc:h2:mem:outbound-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        store = MessageStore.onClock(db.dataSource(), clock);
        outbound = new OutboundMessages(cpaId -> Optional.of(cpa).filter(c -> c.cpaId().equals(cpaId)), store,
                new MessageIds("us.test"), () -> { }, 3, Duration.ofSeconds(10),
                new MessageSecurity(Optional.empty(), Optional.empty(), null, false), MshEvents.NONE, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theDeliveryTaskCountsFromTheClock() throws Exception {
        Instant submitted = clock.instant();

        StoredMessage m = outbound.submit(report());

        DeliveryTask task = store.task(m.pk()).orElseThrow();
        assertThat(task.nextAttemptAt()).as("due at once").isEqualTo(submitted);
        assertThat(task.maxAttempts()).as("the first post and the CPA's 4 retries").isEqualTo(5);
        assertThat(task.retryInterval()).isEqualTo(INTERVAL);
        assertThat(task.deadline()).isEqualTo(submitted.plus(PERSIST));
        assertThat(task.reliable()).isTrue();
        assertThat(m.createdAt()).isEqualTo(submitted);
        String envelope = new String(store.envelope(m.pk()), StandardCharsets.UTF_8);
        assertThat(envelope).contains(submitted.toString()).contains(submitted.plus(PERSIST).toString());
    }

    @Test
    void aCpaIsUsableOnlyWhileTheClockIsWithinItsValidity() throws Exception {
        clock.advance(Duration.between(clock.instant(), CPA_END).plusSeconds(1));

        assertThatThrownBy(() -> outbound.submit(report())).isInstanceOf(SubmissionException.class);
    }

    private Submission report() {
        return Submission.of(cpa.cpaId(), "dkgw:clock:1.0", "Report",
                Submission.Part.of("text/plain", "a report".getBytes(StandardCharsets.UTF_8)));
    }
}
