package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The delivery scheduler's decisions on a clock the test moves: when the next attempt is due, when the retries or the
 * persist duration have run out, and that a best-effort message is posted once. A real store (H2 in memory) and a
 * transport that records each post and answers what the test says; no network, no waiting.
 */
class DeliverySchedulerTest {

    private static final String NODE = "node-a";
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final URI ENDPOINT = URI.create("https://peer.test/ebms");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final Instant start = clock.instant();
    private final RecordingTransport transport = new RecordingTransport();
    private final CountingEvents events = new CountingEvents();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(DeliveryScheduler.class);
    private GatewayDatabase db;
    private Store store;
    private DeliveryScheduler scheduler;

    @BeforeEach
    void openStore() {
        logs.start();
        log.addAppender(logs);
        db = GatewayDatabase.open("jdbc:h2:mem:scheduler-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        store = JdbcStore.onClock(db.dataSource(), clock);
        scheduler = newScheduler(Duration.ofSeconds(1));
    }

    private DeliveryScheduler newScheduler(Duration pollInterval) {
        RefusedSignals refusals = new JdbcRefusedSignals(db.dataSource());
        SignalReceiver signals = new SignalReceiver(store, refusals, cpaId -> Optional.empty(), null, events, clock);
        return new DeliveryScheduler(
                store,
                transport,
                new SoapWithAttachments(10),
                signals,
                NODE,
                1,
                pollInterval,
                LEASE,
                events,
                cpaId -> Optional.empty(),
                refusals,
                clock);
    }

    @AfterEach
    void close() {
        log.detachAppender(logs);
        scheduler.close();
        db.close();
    }

    @Test
    void aMessageStoredWithAReservedWorkerIsPostedAtOnceWithoutAClaim() throws Exception {
        transport.alwaysAnswer(new SendOutcome.Accepted(204, null, null));
        scheduler.start();
        DeliveryHandOff.Slot slot = scheduler.reserve().orElseThrow();
        DeliveryTask task = slot.hold(
                new DeliveryTask(0, ENDPOINT.toString(), start, 0, 3, INTERVAL, start.plus(Duration.ofHours(1)), true));
        StoredMessage stored = store.messages().insertReturning(message("osb-rm"), task);

        assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10))
                .as("held by this node from the insert on: no other node can claim it")
                .isEmpty();
        slot.deliver(task.of(stored.pk()), store.messages().toPost(stored.pk()).orElseThrow());
        slot.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> transport.posts() == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.deliveryAttempts().of(stored.pk()).size() == 1);
        assertThat(store.deliveryTasks().find(stored.pk()).orElseThrow().attempts())
                .as("the attempt was this node's to record: it held the task")
                .isEqualTo(1);
        assertThat(events.handedOff).hasValue(1);
        assertThat(events.polled).as("no claim brought it").hasValue(0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> scheduler
                        .reserve()
                        .map(w -> {
                            w.close();
                            return true;
                        })
                        .orElse(false));
    }

    @Test
    void aWorkerThatFinishesWakesThePollerForAMessageThatFoundNoFreeWorker() throws Exception {
        scheduler.close();
        scheduler = newScheduler(Duration.ofHours(1)); // only a wake-up makes the poller look again
        FirstPost first = blockTheFirstPost();
        scheduler.start();
        storeHandedOff();
        assertThat(first.started().await(30, TimeUnit.SECONDS))
                .as("the first post began")
                .isTrue();

        long second = reliable(3, start.plus(Duration.ofHours(1)));
        scheduler.wakeUp(); // as a submission without a worker of its own does; the one worker is busy
        first.release().countDown();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.deliveryAttempts().of(second).size() == 1);
        assertThat(transport.posts()).isEqualTo(2);
        assertThat(events.handedOff).hasValue(1);
        assertThat(events.polled)
                .as("the second message was claimed by the poller")
                .hasValue(1);
    }

    @Test
    void aReservedWorkerNotUsedIsGivenBack() {
        scheduler.start();
        scheduler.reserve().orElseThrow().close();

        DeliveryHandOff.Slot again = scheduler.reserve().orElseThrow();
        again.close();
        again.close();
        assertThat(scheduler.reserve()).as("the worker is free again").isPresent();
        DeliveryHandOff.Slot place = scheduler.reserve().orElseThrow(); // the one place in line
        assertThat(scheduler.reserve())
                .as("closing twice gave back one worker, not two; and the line is full")
                .isEmpty();

        place.close();
        place.close();
        assertThat(scheduler.reserve()).as("the place in line is free again").isPresent();
        assertThat(scheduler.reserve())
                .as("closing a place twice gave back one place, not two")
                .isEmpty();
    }

    @Test
    void aMessageWithLargePartsGetsNoPlaceInLine() {
        scheduler.start();
        DeliveryHandOff.Slot worker =
                scheduler.reserve(HandOffLine.LARGEST_PARTS + 1).orElseThrow();

        assertThat(scheduler.reserve(HandOffLine.LARGEST_PARTS + 1))
                .as("its parts would be held in memory while it waits: it waits for the claims instead")
                .isEmpty();
        assertThat(scheduler.reserve(HandOffLine.LARGEST_PARTS)).isPresent();
        worker.close();
    }

    @Test
    void aMessageThatFindsEveryWorkerBusyWaitsInLineAndIsPostedByTheNextFreeWorkerWithoutAClaim() throws Exception {
        scheduler.close();
        scheduler = newScheduler(Duration.ofHours(1)); // no poll comes: only the line can bring the second message
        CountDownLatch release = blockTheFirstPost().release();
        scheduler.start();
        long first = storeHandedOff();

        long second = storeHandedOff();
        assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10))
                .as("held by this node from the insert on, like a message given to a worker")
                .isEmpty();
        assertThat(store.deliveryAttempts().of(second))
                .as("the one worker is still busy")
                .isEmpty();
        release.countDown();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.deliveryAttempts().of(second).size() == 1);
        assertThat(store.deliveryAttempts().of(first)).hasSize(1);
        assertThat(transport.posts()).isEqualTo(2);
        assertThat(events.handedOff).hasValue(2);
        assertThat(events.polled).as("no claim brought it").hasValue(0);
    }

    @Test
    void aMessageThatWaitedInLineLongerThanHalfItsLeaseIsLeftToTheClaims() throws Exception {
        scheduler.close();
        scheduler = newScheduler(Duration.ofHours(1));
        CountDownLatch release = blockTheFirstPost().release();
        scheduler.start();
        storeHandedOff();
        long second = storeHandedOff();

        clock.advance(LEASE.dividedBy(2).plusSeconds(1));
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> loggedEvents().contains("delivery.hand-off-expired"));
        assertThat(store.deliveryAttempts().of(second))
                .as("near the end of its lease another node may post it too")
                .isEmpty();
        assertThat(deliverDue()).as("still held: its lease has not run out").isZero();
        clock.advance(LEASE);
        assertThat(deliverDue())
                .as("claimed once its lease ran out, with the first message's retry (no Acknowledgment came)")
                .isEqualTo(2);
        assertThat(store.deliveryAttempts().of(second)).hasSize(1);
        assertThat(transport.posts()).isEqualTo(3);
    }

    /** The first post, blocked: {@code started} counts down when it began, it ends when {@code release} does. */
    private record FirstPost(CountDownLatch started, CountDownLatch release) {}

    /** The first post waits until it is released; the others are answered at once. */
    private FirstPost blockTheFirstPost() {
        FirstPost first = new FirstPost(new CountDownLatch(1), new CountDownLatch(1));
        transport.answer(() -> {
            first.started().countDown();
            try {
                first.release().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SendOutcome.Accepted(204, null, null);
        });
        transport.alwaysAnswer(new SendOutcome.Accepted(204, null, null));
        return first;
    }

    /** A message stored and handed to the delivery as a submission does: with a worker or a place in line. */
    private long storeHandedOff() throws Exception {
        DeliveryHandOff.Slot slot = scheduler.reserve(1).orElseThrow();
        try (slot) {
            DeliveryTask task = slot.hold(new DeliveryTask(
                    0, ENDPOINT.toString(), start, 0, 3, INTERVAL, start.plus(Duration.ofHours(1)), true));
            StoredMessage stored = store.messages().insertReturning(message("osb-rm"), task);
            slot.deliver(
                    task.of(stored.pk()), store.messages().toPost(stored.pk()).orElseThrow());
            return stored.pk();
        }
    }

    @Test
    void retriesAtTheCpaIntervalAndFailsWhenTheRetriesAreUsedUp() throws Exception {
        long pk = reliable(3, start.plus(Duration.ofHours(1)));
        transport.alwaysAnswer(new SendOutcome.Retryable(503, "HTTP 503 from " + ENDPOINT));

        assertThat(deliverDue()).isEqualTo(1);
        assertThat(store.deliveryTasks().find(pk).orElseThrow().nextAttemptAt()).isEqualTo(start.plus(INTERVAL));
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.PENDING);

        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(deliverDue())
                .as("not due before the retry interval has passed")
                .isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(deliverDue()).isEqualTo(1);
        assertThat(store.deliveryTasks().find(pk).orElseThrow().nextAttemptAt())
                .isEqualTo(start.plus(INTERVAL.multipliedBy(2)));

        clock.advance(INTERVAL);
        assertThat(deliverDue()).isEqualTo(1);
        StoredMessage failed = store.messages().findByPk(pk).orElseThrow();
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.statusDetail()).startsWith("delivery failed after 3 attempt(s); last: HTTP 503");
        assertThat(store.deliveryTasks().find(pk)).isEmpty();
        assertThat(events.failed).hasValue(1);

        clock.advance(Duration.ofHours(1));
        assertThat(deliverDue()).isZero();
        assertThat(transport.postedAt)
                .containsExactly(start, start.plus(INTERVAL), start.plus(INTERVAL.multipliedBy(2)));
        assertThat(store.deliveryAttempts().of(pk))
                .extracting(a -> a.outcome())
                .containsExactly("RETRYABLE", "RETRYABLE", "RETRYABLE");
    }

    /**
     * The asynchronous Acknowledgment of a received message is kept in that message's row, its task keyed by it: a
     * claim posts the Acknowledgment (not the message), retries it as a signal's task says, and its end changes the
     * Acknowledgment's status alone.
     */
    @Test
    void anAcknowledgmentKeptWithTheMessageItAnswersIsRetriedAndEndsAsDelivered() throws Exception {
        NewMessage received = received();
        NewMessage ack = acknowledgmentOf(received);
        long pk = store.messages()
                .insertWithReply(
                        received,
                        List.of(),
                        ack,
                        new DeliveryTask(
                                0, ENDPOINT.toString(), start, 0, 3, INTERVAL, start.plus(Duration.ofHours(1)), false))
                .messagePk();
        transport.answer(() -> new SendOutcome.Retryable(503, "HTTP 503 from " + ENDPOINT));
        transport.alwaysAnswer(new SendOutcome.Accepted(204, null, null));

        assertThat(deliverDue()).isEqualTo(1);
        assertThat(store.messages().toPost(pk).orElseThrow().message().status()).isEqualTo(MessageStatus.PENDING);
        assertThat(store.deliveryTasks().find(pk).orElseThrow().nextAttemptAt()).isEqualTo(start.plus(INTERVAL));
        clock.advance(INTERVAL);
        assertThat(deliverDue()).isEqualTo(1);

        assertThat(transport.bodies)
                .as("the Acknowledgment's envelope was posted, twice")
                .hasSize(2)
                .allSatisfy(body -> assertThat(body).contains("<ack/>").doesNotContain("<received/>"));
        StoredMessage posted = store.messages().toPost(pk).orElseThrow().message();
        assertThat(posted.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(posted.messageId()).isEqualTo(ack.messageId());
        assertThat(store.messages().findByPk(pk).orElseThrow().status())
                .as("the received message itself is untouched")
                .isEqualTo(MessageStatus.RECEIVED);
        assertThat(store.deliveryAttempts().of(pk))
                .extracting(a -> a.outcome())
                .containsExactly("RETRYABLE", "ACCEPTED");
        assertThat(store.deliveryTasks().find(pk)).isEmpty();
        assertThat(events.failed).hasValue(0);
    }

    @Test
    void theNextAttemptIsDueTheRetryIntervalAfterThePostEnded() throws Exception {
        long pk = reliable(3, start.plus(Duration.ofHours(1)));
        Duration slowPost = Duration.ofSeconds(7);
        transport.answer(() -> {
            clock.advance(slowPost);
            return new SendOutcome.Retryable(null, "no answer from " + ENDPOINT + " within PT7S");
        });

        deliverDue();

        assertThat(store.deliveryTasks().find(pk).orElseThrow().nextAttemptAt())
                .isEqualTo(start.plus(slowPost).plus(INTERVAL));
        assertThat(store.deliveryTasks().find(pk).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aMessageWhosePersistDurationEndedBeforeItsFirstAttemptIsNotSent() throws Exception {
        long pk = reliable(3, start.plus(Duration.ofSeconds(10)));

        clock.advance(Duration.ofSeconds(11));
        deliverDue();

        assertThat(transport.postedAt).isEmpty();
        StoredMessage failed = store.messages().findByPk(pk).orElseThrow();
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.statusDetail())
                .contains("persist duration / time to live ended at " + start.plus(Duration.ofSeconds(10)));
        assertThat(store.deliveryTasks().find(pk)).isEmpty();
        assertThat(events.failed).hasValue(1);
    }

    @Test
    void noRetryIsScheduledPastThePersistDuration() throws Exception {
        long pk = reliable(10, start.plus(INTERVAL).plusSeconds(15));
        transport.alwaysAnswer(new SendOutcome.Retryable(503, "HTTP 503 from " + ENDPOINT));

        deliverDue();
        assertThat(store.messages().findByPk(pk).orElseThrow().status())
                .as("a retry still fits")
                .isEqualTo(MessageStatus.PENDING);
        clock.advance(INTERVAL);
        deliverDue();

        StoredMessage failed = store.messages().findByPk(pk).orElseThrow();
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.statusDetail()).startsWith("delivery failed after 2 attempt(s)");
        clock.advance(Duration.ofHours(1));
        assertThat(deliverDue()).isZero();
        assertThat(transport.postedAt).hasSize(2);
    }

    @Test
    void aBestEffortMessageIsPostedOnce() throws Exception {
        long delivered = bestEffort();
        transport.alwaysAnswer(new SendOutcome.Accepted(200, null, new byte[0]));
        deliverDue();
        clock.advance(Duration.ofMinutes(30));
        deliverDue();

        assertThat(transport.postedAt).hasSize(1);
        assertThat(store.messages().findByPk(delivered).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(store.deliveryTasks().find(delivered)).isEmpty();
        assertThat(events.delivered).hasValue(1);
    }

    @Test
    void aBestEffortMessageThePeerCouldNotTakeIsNotRetried() throws Exception {
        long pk = bestEffort();
        transport.alwaysAnswer(new SendOutcome.Retryable(503, "HTTP 503 from " + ENDPOINT));
        deliverDue();
        clock.advance(Duration.ofMinutes(30));
        deliverDue();

        assertThat(transport.postedAt).hasSize(1);
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
        assertThat(events.failed).hasValue(1);
    }

    @Test
    void anAcknowledgedMessageIsNotPostedAgain() throws Exception {
        long pk = reliable(3, start.plus(Duration.ofHours(1)));
        transport.alwaysAnswer(new SendOutcome.Accepted(200, null, new byte[0]));
        deliverDue();
        assertThat(store.deliveryTasks().find(pk).orElseThrow().nextAttemptAt())
                .as("waits an interval for the acknowledgment")
                .isEqualTo(start.plus(INTERVAL));

        store.peerAnswers().acknowledge("cpa-1", messageIdOf(pk), new byte[] {9});
        clock.advance(INTERVAL.multipliedBy(5));
        deliverDue();

        assertThat(transport.postedAt).hasSize(1);
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    @Test
    void anAcknowledgmentThatCameDuringTheLastAttemptStands() throws Exception {
        long pk = reliable(1, start.plus(Duration.ofHours(1)));
        transport.answer(() -> {
            store.peerAnswers().acknowledge("cpa-1", messageIdOf(pk), new byte[] {9});
            return new SendOutcome.Retryable(null, "no answer from " + ENDPOINT + " within PT30S");
        });

        deliverDue();

        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
        assertThat(events.failed).as("the message did not fail").hasValue(0);
        assertThat(store.deliveryAttempts().of(pk)).extracting(a -> a.outcome()).containsExactly("RETRYABLE");
    }

    @Test
    void anAttemptThatOutlivedItsLeaseDoesNotRescheduleTheOtherNodesTask() throws Exception {
        long pk = reliable(3, start.plus(Duration.ofHours(1)));
        transport.answer(() -> {
            clock.advance(LEASE.plusSeconds(1));
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10))
                    .as("node-b takes the task over")
                    .hasSize(1);
            return new SendOutcome.Retryable(503, "HTTP 503 from " + ENDPOINT);
        });

        deliverDue();

        assertThat(loggedEvents()).contains("delivery.lease-lost").doesNotContain("message.retry");
        DeliveryTask task = store.deliveryTasks().find(pk).orElseThrow();
        assertThat(task.attempts()).as("node-b's claim is not undone").isZero();
        assertThat(task.nextAttemptAt()).isEqualTo(start);
        assertThat(store.deliveryTasks().claimDue(NODE, LEASE, 10))
                .as("still held by node-b")
                .isEmpty();
        assertThat(store.deliveryAttempts().of(pk)).hasSize(1);
    }

    private List<String> loggedEvents() {
        return logs.list.stream()
                .flatMap(e -> e.getKeyValuePairs() == null ? Stream.empty() : e.getKeyValuePairs().stream())
                .filter(kv -> kv.key.equals("event"))
                .map(kv -> String.valueOf(kv.value))
                .toList();
    }

    /** One poll round, on this thread: claims what is due on the store's clock and delivers it. */
    private int deliverDue() {
        List<DeliveryTask> due = store.deliveryTasks().claimDue(NODE, LEASE, 10);
        due.forEach(scheduler::deliver);
        return due.size();
    }

    private long reliable(int maxAttempts, Instant deadline) throws Exception {
        return store.messages()
                .insert(
                        message("osb-rm"),
                        new DeliveryTask(0, ENDPOINT.toString(), start, 0, maxAttempts, INTERVAL, deadline, true));
    }

    private long bestEffort() throws Exception {
        return store.messages()
                .insert(
                        message("osb-be"),
                        new DeliveryTask(
                                0,
                                ENDPOINT.toString(),
                                start,
                                0,
                                1,
                                Duration.ZERO,
                                start.plus(Duration.ofHours(1)),
                                false));
    }

    private String messageIdOf(long pk) {
        return store.messages().findByPk(pk).orElseThrow().messageId();
    }

    private static NewMessage message(String profile) {
        return new NewMessage(
                Direction.OUT,
                MessageKind.USER,
                UUID.randomUUID() + "@test",
                "cpa-1",
                "conv-1",
                null,
                "urn:osb:oin:1",
                "A",
                "urn:osb:oin:2",
                "B",
                "svc",
                "act",
                profile,
                MessageStatus.PENDING,
                null,
                "<soap/>".getBytes(),
                List.of(new Payload("p1", "text/plain", new byte[] {2})));
    }

    private static NewMessage received() {
        return new NewMessage(
                Direction.IN,
                MessageKind.USER,
                UUID.randomUUID() + "@test",
                "cpa-1",
                "conv-1",
                null,
                "urn:osb:oin:2",
                "B",
                "urn:osb:oin:1",
                "A",
                "svc",
                "act",
                "osb-rm",
                MessageStatus.RECEIVED,
                null,
                "<received/>".getBytes(),
                List.of(new Payload("p1", "text/plain", new byte[] {2})));
    }

    private static NewMessage acknowledgmentOf(NewMessage received) {
        return new NewMessage(
                Direction.OUT,
                MessageKind.SIGNAL,
                UUID.randomUUID() + "@test",
                received.cpaId(),
                received.conversationId(),
                received.messageId(),
                received.toParty(),
                received.toRole(),
                received.fromParty(),
                received.fromRole(),
                "urn:oasis:names:tc:ebxml-msg:service",
                "Acknowledgment",
                null,
                MessageStatus.PENDING,
                null,
                "<ack/>".getBytes(),
                List.of());
    }

    /** Records when (on the test clock) each post happened and answers with the outcomes it was given. */
    private final class RecordingTransport implements PeerTransport {
        final List<Instant> postedAt = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        private final Deque<Supplier<SendOutcome>> answers = new ArrayDeque<>();
        private Supplier<SendOutcome> always;

        void alwaysAnswer(SendOutcome outcome) {
            always = () -> outcome;
        }

        void answer(Supplier<SendOutcome> next) {
            answers.add(next);
        }

        synchronized int posts() {
            return postedAt.size();
        }

        @Override
        public synchronized SendOutcome post(URI endpoint, PackedMessage message) {
            assertThat(endpoint).isEqualTo(ENDPOINT);
            postedAt.add(clock.instant());
            bodies.add(bodyOf(message));
            Supplier<SendOutcome> next = answers.isEmpty() ? always : answers.poll();
            return next.get();
        }

        private String bodyOf(PackedMessage message) {
            return new String(message.body(), StandardCharsets.UTF_8);
        }
    }

    private static final class CountingEvents implements MshEvents {
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger handedOff = new AtomicInteger();
        final AtomicInteger polled = new AtomicInteger();

        @Override
        public void deliveryStarted(String via) {
            (MshEvents.HAND_OFF.equals(via) ? handedOff : polled).incrementAndGet();
        }

        @Override
        public void failed(String cpaId, String action) {
            failed.incrementAndGet();
        }

        @Override
        public void delivered(String cpaId, String action) {
            delivered.incrementAndGet();
        }

        @Override
        public void acknowledged(String cpaId) {
            acknowledged.incrementAndGet();
        }
    }
}
