package nl.dkgw.gateway.msh;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.store.ClaimedDelivery;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.MessageToPost;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored outbound messages: claims due delivery tasks from the database (with a lease, so several nodes can
 * share the work and a dead node's work is taken over), posts them, and retries per the CPA until the message is
 * acknowledged, refused, or its retries / persist duration run out. A slow peer occupies one worker, not the node.
 */
public final class DeliveryScheduler implements DeliveryHandOff, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

    private final Store store;
    private final PeerTransport sender;
    private final SoapWithAttachments mime;
    private final SignalReceiver signals;
    private final MshEvents events;
    private final CpaRegistry cpas;
    private final RefusedSignals refusals;
    private final Clock clock;
    private final String nodeId;
    private final Duration pollInterval;
    private final Duration lease;
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    /** Messages stored while every worker was busy, posted by the next worker that comes free. */
    private final HandOffLine line;

    private final Thread poller;
    private final Object wakeUp = new Object();
    private boolean woken;
    /**
     * Whether due work may be waiting for a free worker: a message was stored without a worker of its own
     * ({@link #wakeUp()}) or the last poll filled every free worker. A worker that finishes wakes the poller only then;
     * a message handed to a worker directly leaves nothing behind to poll for.
     */
    private final AtomicBoolean backlog = new AtomicBoolean(true);

    private volatile boolean running;

    public DeliveryScheduler(
            Store store,
            PeerTransport sender,
            SoapWithAttachments mime,
            SignalReceiver signals,
            String nodeId,
            int workerCount,
            Duration pollInterval,
            Duration lease,
            MshEvents events,
            CpaRegistry cpas,
            RefusedSignals refusals) {
        this(
                store,
                sender,
                mime,
                signals,
                nodeId,
                workerCount,
                pollInterval,
                lease,
                events,
                cpas,
                refusals,
                Clock.systemUTC());
    }

    /**
     * As above, deciding by {@code clock} whether a message's persist duration (or, for a best-effort message, its
     * window) has run out and whether another attempt would still come in time.
     */
    public DeliveryScheduler(
            Store store,
            PeerTransport sender,
            SoapWithAttachments mime,
            SignalReceiver signals,
            String nodeId,
            int workerCount,
            Duration pollInterval,
            Duration lease,
            MshEvents events,
            CpaRegistry cpas,
            RefusedSignals refusals,
            Clock clock) {
        this.clock = clock;
        this.events = events;
        this.refusals = refusals;
        this.cpas = cpas;
        this.store = store;
        this.sender = sender;
        this.mime = mime;
        this.signals = signals;
        this.nodeId = nodeId;
        this.pollInterval = pollInterval;
        this.lease = lease;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "dkgw-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.freeWorkers = new Semaphore(workerCount);
        this.line = new HandOffLine(workerCount, lease, clock);
        this.poller = new Thread(this::pollLoop, "dkgw-delivery-poller");
        this.poller.setDaemon(true);
    }

    public void start() {
        store.routeClaims().releaseAll(nodeId);
        int released = store.deliveryTasks().releaseClaims(nodeId);
        if (released > 0) {
            LOG.atInfo()
                    .addKeyValue("event", "delivery.resumed")
                    .addKeyValue("tasks", released)
                    .log("resuming deliveries this node had started before it stopped");
        }
        running = true;
        poller.start();
    }

    /** Tells the poller there may be work now, so a new message does not wait for the next poll. */
    public void wakeUp() {
        backlog.set(true);
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void pollLoop() {
        while (running) {
            int claimedCount = 0;
            try {
                postWaitingOnFreeWorkers();
                int free = freeWorkers.availablePermits();
                if (free > 0) {
                    // cleared before the claim, so a wake-up during it is kept
                    backlog.set(false);
                    List<ClaimedDelivery> claimed = store.deliveryTasks().claimDueToPost(nodeId, lease, free);
                    claimedCount = claimed.size();
                    if (claimedCount == free) {
                        backlog.set(true); // every free worker got a task: more may be due
                    }
                    for (ClaimedDelivery claim : claimed) {
                        freeWorkers.acquireUninterruptibly();
                        events.deliveryStarted(MshEvents.POLL);
                        onWorker(claim.task(), claim.toPost());
                    }
                }
            } catch (RuntimeException e) {
                backlog.set(true);
                LOG.atWarn()
                        .addKeyValue("event", "delivery.poll-failed")
                        .log("cannot poll for deliveries: {}", e.getMessage());
            }
            if (claimedCount == 0) {
                waitForWork();
            }
        }
    }

    /** Runs one delivery on a worker whose permit the caller holds; the permit is given back when it ends. */
    private void onWorker(DeliveryTask task, Optional<MessageToPost> toPost) {
        try {
            workers.execute(() -> {
                try {
                    deliver(task, toPost);
                } catch (RuntimeException e) {
                    LOG.atError()
                            .addKeyValue("event", "delivery.crashed")
                            .addKeyValue("messagePk", task.messagePk())
                            .setCause(e)
                            .log("delivery attempt failed unexpectedly; it is retried after the lease");
                } finally {
                    freeWorkers.release();
                    postWaitingOnFreeWorkers();
                    if (backlog.get()) {
                        wakeUp();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: the task keeps its lease and is posted after it runs out (or at this node's next start)
            freeWorkers.release();
        }
    }

    /**
     * A free worker for a message about to be stored with its task held by this node or, when every worker is busy and
     * its parts are small, a place in the line the next free worker posts from; empty when the line is full too.
     */
    @Override
    public Optional<Slot> reserve(long partBytes) {
        if (!running) {
            return Optional.empty();
        }
        if (freeWorkers.tryAcquire()) {
            return Optional.of(new ReservedWorker());
        }
        return partBytes <= HandOffLine.LARGEST_PARTS && line.takePlace()
                ? Optional.of(new PlaceInLine())
                : Optional.empty();
    }

    /**
     * Starts the messages waiting in line on whatever workers are free. Called after a message joined the line and
     * after a worker was given back, so a message never waits while a worker is free.
     */
    private void postWaitingOnFreeWorkers() {
        while (line.anyWaiting() && freeWorkers.tryAcquire()) {
            Optional<HandOffLine.Waiting> next = line.next();
            if (next.isEmpty()) {
                // another thread took it; look again, a message may have joined since
                freeWorkers.release();
                continue;
            }
            HandOffLine.Waiting waiting = next.get();
            if (line.waitedTooLong(waiting)) {
                freeWorkers.release();
                LOG.atWarn()
                        .addKeyValue("event", "delivery.hand-off-expired")
                        .addKeyValue("messagePk", waiting.task().messagePk())
                        .log("a message waited too long for a free worker; it is posted when its lease has run out");
                continue;
            }
            events.deliveryStarted(MshEvents.HAND_OFF);
            onWorker(waiting.task(), Optional.of(waiting.toPost()));
        }
    }

    /**
     * What {@link #reserve()} set aside for one message stored with its task held by this node: taken by that
     * message's delivery or given back, once.
     */
    private abstract class HeldAtInsert implements Slot {
        private final AtomicBoolean taken = new AtomicBoolean();

        @Override
        public final DeliveryTask hold(DeliveryTask task) {
            return task.heldAtInsertBy(nodeId, lease);
        }

        @Override
        public final void deliver(DeliveryTask task, MessageToPost toPost) {
            if (taken.compareAndSet(false, true)) {
                start(task, toPost);
            }
        }

        @Override
        public final void close() {
            if (taken.compareAndSet(false, true)) {
                giveBack();
            }
        }

        abstract void start(DeliveryTask task, MessageToPost toPost);

        abstract void giveBack();
    }

    /** A worker permit: the message is posted on it at once. */
    private final class ReservedWorker extends HeldAtInsert {
        @Override
        void start(DeliveryTask task, MessageToPost toPost) {
            events.deliveryStarted(MshEvents.HAND_OFF);
            onWorker(task, Optional.of(toPost));
        }

        @Override
        void giveBack() {
            freeWorkers.release();
        }
    }

    /** A place in the line: the message waits there for the next free worker. */
    private final class PlaceInLine extends HeldAtInsert {
        @Override
        void start(DeliveryTask task, MessageToPost toPost) {
            line.join(task, toPost);
            postWaitingOnFreeWorkers();
        }

        @Override
        void giveBack() {
            line.givePlaceBack();
        }
    }

    private void waitForWork() {
        synchronized (wakeUp) {
            if (!woken) {
                try {
                    wakeUp.wait(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** Delivers a task claimed on its own, reading its message first. */
    void deliver(DeliveryTask task) {
        deliver(task, store.messages().toPost(task.messagePk()));
    }

    private void deliver(DeliveryTask task, Optional<MessageToPost> found) {
        long pk = task.messagePk();
        if (found.isEmpty()) {
            return;
        }
        StoredMessage message = found.get().message();
        if (message.status() != MessageStatus.PENDING) {
            store.deliveryTasks().delete(pk);
            return;
        }
        Instant now = clock.instant();
        if (task.attempts() >= task.maxAttempts()) {
            fail(message, null, "no Acknowledgment after " + task.attempts() + " attempt(s)" + refusalsOf(message));
            return;
        }
        if (now.isAfter(task.deadline())) {
            fail(
                    message,
                    null,
                    "its persist duration / time to live ended at " + task.deadline() + " before it was delivered"
                            + refusalsOf(message));
            return;
        }
        PackedMessage packed = mime.pack(found.get().envelope(), found.get().payloads());
        int attemptNo = task.attempts() + 1;
        URI target = endpoint(message, task);
        // how long the post took is measured, not decided: monotonic time for the attempt log and the metrics
        long postStarted = System.nanoTime();
        SendOutcome outcome = sender.post(target, packed);
        Duration took = Duration.ofNanos(System.nanoTime() - postStarted);
        long ms = took.toMillis();
        Instant next = clock.instant().plus(task.retryInterval());
        if (outcome instanceof SendOutcome.Accepted a) {
            Optional<SignalReply> reply = readReplyWithEnvelope(a.contentType(), a.body(), message);
            // an Acknowledgment in the response is applied with the record of this attempt, in one transaction
            DeliveryAttempt acknowledging = new DeliveryAttempt(
                    attemptNo, nodeId, now, ms, target.toString(), a.status(), "ACKNOWLEDGED", null);
            SignalReceiver.Effect effect = reply.map(r -> signals.onReply(
                            r.message(), r.envelope(), message, found.get().envelope(), acknowledging))
                    .orElse(SignalReceiver.Effect.IGNORED);
            DeliveryAttempt attempt = new DeliveryAttempt(
                    attemptNo,
                    nodeId,
                    now,
                    ms,
                    target.toString(),
                    a.status(),
                    effect == SignalReceiver.Effect.ACKNOWLEDGED
                            ? "ACKNOWLEDGED"
                            : effect == SignalReceiver.Effect.FAILED ? "ERROR" : "ACCEPTED",
                    reply.filter(r -> r.message().isErrorMessage())
                            .map(r -> r.message().errors().toString())
                            .orElse(null));
            events.attempt(message.cpaId(), attempt.outcome(), took);
            if (effect == SignalReceiver.Effect.ACKNOWLEDGED) {
                // recorded with the acknowledgment
            } else if (effect == SignalReceiver.Effect.FAILED) {
                store.deliveryAttempts().record(pk, attempt);
            } else if (!task.reliable()) {
                if (store.deliveryTasks().deliveryEnded(pk, attempt, MessageStatus.DELIVERED, null)) {
                    if (message.kind() == MessageKind.USER) {
                        events.delivered(message.cpaId(), message.action());
                    }
                    log("message.delivered", message, attemptNo, a.status(), null);
                } else {
                    endedMeanwhile(message, attemptNo);
                }
            } else {
                if (store.deliveryTasks().attemptFinished(pk, nodeId, attempt, task.retryInterval())) {
                    log("message.awaiting-ack", message, attemptNo, a.status(), null);
                } else {
                    lostTheTask(message, attemptNo);
                }
            }
        } else if (outcome instanceof SendOutcome.Retryable r) {
            DeliveryAttempt attempt = new DeliveryAttempt(
                    attemptNo, nodeId, now, ms, target.toString(), r.status(), "RETRYABLE", r.reason());
            events.attempt(message.cpaId(), attempt.outcome(), took);
            if (attemptNo >= task.maxAttempts() || next.isAfter(task.deadline())) {
                if (store.deliveryTasks()
                        .deliveryEnded(
                                pk,
                                attempt,
                                MessageStatus.FAILED,
                                "delivery failed after " + attemptNo + " attempt(s); last: " + r.reason())) {
                    events.failed(message.cpaId(), message.action());
                    log("message.failed", message, attemptNo, r.status(), r.reason());
                } else {
                    endedMeanwhile(message, attemptNo);
                }
            } else {
                if (store.deliveryTasks().attemptFinished(pk, nodeId, attempt, task.retryInterval())) {
                    log("message.retry", message, attemptNo, r.status(), r.reason());
                } else {
                    lostTheTask(message, attemptNo);
                }
            }
        } else if (outcome instanceof SendOutcome.Refused f) {
            Optional<EbmsMessage> reply = readReply(f.contentType(), f.body(), message);
            String detail = f.reason()
                    + reply.filter(EbmsMessage::isErrorMessage)
                            .map(m -> ": " + m.errors())
                            .orElse("");
            events.attempt(message.cpaId(), "REFUSED", took);
            if (store.deliveryTasks()
                    .deliveryEnded(
                            pk,
                            new DeliveryAttempt(
                                    attemptNo, nodeId, now, ms, target.toString(), f.status(), "REFUSED", detail),
                            MessageStatus.FAILED,
                            "the peer refused the message: " + detail)) {
                events.failed(message.cpaId(), message.action());
                log("message.failed", message, attemptNo, f.status(), detail);
            } else {
                endedMeanwhile(message, attemptNo);
            }
            reply.filter(EbmsMessage::isErrorMessage).ifPresent(m -> signals.onSignal(m, new byte[0]));
        }
    }

    private Optional<EbmsMessage> readReply(String contentType, byte[] body, StoredMessage sent) {
        return readReplyWithEnvelope(contentType, body, sent).map(SignalReply::message);
    }

    /** The synchronous reply in a response body, if it refers to the message that was sent. */
    private Optional<SignalReply> readReplyWithEnvelope(String contentType, byte[] body, StoredMessage sent) {
        Optional<SignalReply> reply = SignalReply.read(mime, contentType, body);
        if (reply.isEmpty() && body != null && body.length > 0) {
            LOG.atWarn()
                    .addKeyValue("event", "reply.unreadable")
                    .addKeyValue("messageId", sent.messageId())
                    .log("the response body is not a readable ebMS message; ignored");
        }
        return reply.filter(r -> {
            EbmsMessage m = r.message();
            boolean refers = sent.messageId().equals(m.header().refToMessageId())
                    || m.acknowledgment() != null
                            && sent.messageId().equals(m.acknowledgment().refToMessageId());
            if (!refers) {
                LOG.atWarn()
                        .addKeyValue("event", "reply.mismatch")
                        .addKeyValue("messageId", sent.messageId())
                        .log("the synchronous reply refers to another message; ignored");
            }
            return refers;
        });
    }

    /**
     * Where to post now: resolved from the current CPA on every attempt (so a replaced CPA or a changed URL mapping
     * counts for messages already queued, on every node), or the endpoint stored with the task when the CPA is gone.
     */
    private URI endpoint(StoredMessage m, DeliveryTask task) {
        try {
            Optional<Cpa> cpa = cpas.find(m.cpaId());
            if (cpa.isPresent()) {
                Optional<PartyId> from = party(cpa.get(), m.fromParty());
                Optional<PartyId> to = party(cpa.get(), m.toParty());
                if (from.isPresent() && to.isPresent()) {
                    return m.kind() == MessageKind.SIGNAL
                            ? cpa.get().signalEndpointOf(to.get())
                            : cpa.get()
                                    .resolve(from.get(), to.get(), m.service(), m.action())
                                    .endpoint();
                }
            }
        } catch (CpaResolutionException | RuntimeException e) {
            LOG.atDebug().addKeyValue("messageId", m.messageId()).log("endpoint not re-resolved: {}", e.getMessage());
        }
        return URI.create(task.endpoint());
    }

    private static Optional<PartyId> party(Cpa cpa, String stored) {
        return cpa.parties().stream().filter(p -> p.toString().equals(stored)).findFirst();
    }

    /** What the final status detail says about the peer's signals this node refused, if it refused any. */
    private String refusalsOf(StoredMessage message) {
        List<RefusedSignal> refused = refusals.about(message.pk());
        if (refused.isEmpty()) {
            return "";
        }
        RefusedSignal last = refused.get(refused.size() - 1);
        return "; " + refused.size() + " signal(s) from the peer about it were refused, the last (" + last.action()
                + " " + last.signalMessageId() + "): " + last.errorCode() + ": " + last.description();
    }

    private void fail(StoredMessage message, DeliveryAttempt attempt, String reason) {
        if (store.deliveryTasks().deliveryEnded(message.pk(), attempt, MessageStatus.FAILED, reason)) {
            events.failed(message.cpaId(), message.action());
            log("message.failed", message, 0, null, reason);
        } else {
            endedMeanwhile(message, 0);
        }
    }

    /**
     * This node's lease on the task ran out during the attempt and another node took the task over (or the message
     * ended meanwhile, as when the peer's asynchronous Acknowledgment arrived before this attempt had ended): the
     * schedule is that node's now, this attempt only counts in the log.
     */
    private void lostTheTask(StoredMessage message, int attempt) {
        if (store.messages()
                .findByPk(message.pk())
                .filter(m -> m.status() != MessageStatus.PENDING)
                .isPresent()) {
            // the peer's asynchronous Acknowledgment overtook the end of this attempt: not a lost lease
            endedMeanwhile(message, attempt);
            return;
        }
        LOG.atWarn()
                .addKeyValue("event", "delivery.lease-lost")
                .addKeyValue("messageId", message.messageId())
                .addKeyValue("cpaId", message.cpaId())
                .addKeyValue("attempt", attempt)
                .log("this node no longer held the delivery when the attempt ended; the next one is not its to plan");
    }

    /**
     * An acknowledgment (or another node) ended the message while this attempt ran: that end stands, and this
     * attempt's would-be end is neither counted nor logged as one.
     */
    private void endedMeanwhile(StoredMessage message, int attempt) {
        log(
                "message.ended-meanwhile",
                message,
                attempt,
                null,
                "the message had ended while this attempt ran; " + "its status stands");
    }

    private void log(String event, StoredMessage m, int attempt, Integer httpStatus, String detail) {
        var b = ("message.failed".equals(event) ? LOG.atWarn() : LOG.atInfo())
                .addKeyValue("event", event)
                .addKeyValue("messageId", m.messageId())
                .addKeyValue("cpaId", m.cpaId())
                .addKeyValue("action", m.action())
                .addKeyValue("attempt", attempt);
        if (httpStatus != null) {
            b = b.addKeyValue("httpStatus", httpStatus);
        }
        b.log(detail == null ? event : detail);
    }

    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}
