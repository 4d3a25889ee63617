package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A submission becomes a stored message and a delivery task whose times count from the injected clock: due at once,
 * the CPA's retries and interval, a deadline one persist duration later; and a CPA is usable only while the clock is
 * inside its validity.
 */
class OutboundMessagesTest {

    private static final Duration PERSIST = ClockLink.PERSIST;
    private static final Duration INTERVAL = ClockLink.INTERVAL;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
    private GatewayDatabase db;
    private Store store;
    private OutboundMessages outbound;

    @BeforeEach
    void open() throws Exception {
        Cpa cpa = ClockLink.get().cpa;
        db = GatewayDatabase.open("jdbc:h2:mem:outbound-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        store = JdbcStore.onClock(db.dataSource(), clock);
        outbound = new OutboundMessages(
                cpaId -> Optional.of(cpa).filter(c -> c.cpaId().equals(cpaId)),
                store,
                new MessageIds("us.test"),
                () -> {},
                3,
                Duration.ofSeconds(10),
                new MessageSecurity(Optional.empty(), Optional.empty(), null, false),
                MshEvents.NONE,
                clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theDeliveryTaskCountsFromTheClock() throws Exception {
        Instant submitted = clock.instant();

        StoredMessage m = outbound.submit(report());

        DeliveryTask task = store.deliveryTasks().find(m.pk()).orElseThrow();
        assertThat(task.nextAttemptAt()).as("due at once").isEqualTo(submitted);
        assertThat(task.maxAttempts())
                .as("the first post and the CPA's retries")
                .isEqualTo(ClockLink.RETRIES + 1);
        assertThat(task.retryInterval()).isEqualTo(INTERVAL);
        assertThat(task.deadline()).isEqualTo(submitted.plus(PERSIST));
        assertThat(task.reliable()).isTrue();
        assertThat(m.createdAt()).isEqualTo(submitted);
        String envelope = new String(store.messages().envelope(m.pk()), StandardCharsets.UTF_8);
        assertThat(envelope)
                .contains(submitted.toString())
                .contains(submitted.plus(PERSIST).toString());
    }

    @Test
    void aCpaIsUsableOnlyWhileTheClockIsWithinItsValidity() throws Exception {
        clock.advance(Duration.between(clock.instant(), ClockLink.CPA_END).plusSeconds(1));

        assertThatThrownBy(() -> outbound.submit(report())).isInstanceOf(SubmissionException.class);
    }

    private Submission report() throws Exception {
        return Submission.of(
                ClockLink.get().cpa.cpaId(),
                ClockLink.SERVICE,
                ClockLink.ACTION,
                Submission.Part.of("text/plain", "a report".getBytes(StandardCharsets.UTF_8)));
    }
}
