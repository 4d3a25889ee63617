package nl.dkgw.gateway.msh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.CpaStoreException;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmissionFailure;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.ebms.TemporaryFileContent;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.HeaderValueLimits;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.MessageToPost;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoreException;
import nl.dkgw.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns submissions and signals into stored outbound messages with their delivery task (one transaction), ready for
 * the {@link DeliveryScheduler}.
 */
public final class OutboundMessages {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundMessages.class);
    /** Digikoppeling: with nothing agreed, a reliable message is kept trying for five days. */
    static final Duration DEFAULT_PERSIST_DURATION = Duration.ofDays(5);
    /** How long a best-effort message may wait for its single attempt. */
    static final Duration BEST_EFFORT_WINDOW = Duration.ofHours(1);

    private final CpaRegistry cpas;
    private final Store store;
    private final MessageIds messageIds;
    private final Runnable deliveryWakeUp;
    private final DeliveryHandOff handOff;
    private final int signalRetries;
    private final Duration signalRetryInterval;
    private final MessageSecurity security;
    private final MshEvents events;
    private final Clock clock;
    private final EnvelopeWriter writer = new EnvelopeWriter();

    public OutboundMessages(
            CpaRegistry cpas,
            Store store,
            MessageIds messageIds,
            Runnable deliveryWakeUp,
            int signalRetries,
            Duration signalRetryInterval,
            MessageSecurity security,
            MshEvents events) {
        this(
                cpas,
                store,
                messageIds,
                deliveryWakeUp,
                signalRetries,
                signalRetryInterval,
                security,
                events,
                Clock.systemUTC());
    }

    /** As above, with message timestamps, deadlines and first attempts counted from {@code clock}. */
    public OutboundMessages(
            CpaRegistry cpas,
            Store store,
            MessageIds messageIds,
            Runnable deliveryWakeUp,
            int signalRetries,
            Duration signalRetryInterval,
            MessageSecurity security,
            MshEvents events,
            Clock clock) {
        this(
                cpas,
                store,
                messageIds,
                deliveryWakeUp,
                DeliveryHandOff.NONE,
                signalRetries,
                signalRetryInterval,
                security,
                events,
                clock);
    }

    /**
     * As above, handing a small message (every part in memory) that was just stored straight to a free worker of
     * {@code handOff}, its task stored already claimed by this node; when none is free, {@code deliveryWakeUp}.
     */
    public OutboundMessages(
            CpaRegistry cpas,
            Store store,
            MessageIds messageIds,
            Runnable deliveryWakeUp,
            DeliveryHandOff handOff,
            int signalRetries,
            Duration signalRetryInterval,
            MessageSecurity security,
            MshEvents events,
            Clock clock) {
        this.handOff = handOff;
        this.clock = clock;
        this.security = security;
        this.events = events;
        this.cpas = cpas;
        this.store = store;
        this.messageIds = messageIds;
        this.deliveryWakeUp = deliveryWakeUp;
        this.signalRetries = signalRetries;
        this.signalRetryInterval = signalRetryInterval;
    }

    /**
     * Accepts a business message: resolves the channel from the CPA, builds the ebMS message and stores it with its
     * delivery task. Submitting the same application message id twice returns the first message (idempotent).
     */
    public StoredMessage submit(Submission s) throws SubmissionException {
        try {
            return accept(s);
        } catch (StoreException e) {
            throw SubmissionException.storeUnavailable(e);
        } catch (CpaStoreException e) {
            if (e.reason() == CpaStoreException.Reason.DATABASE) {
                throw SubmissionException.storeUnavailable(e);
            }
            throw e;
        }
    }

    private StoredMessage accept(Submission s) throws SubmissionException {
        Cpa cpa = cpas.find(s.cpaId())
                .orElseThrow(() -> new SubmissionException(
                        SubmissionFailure.UNKNOWN_CPA,
                        "CPA '" + s.cpaId() + "' is not known to this gateway; import it first (dkgw cpa import)"));
        Instant now = clock.instant();
        if (!cpa.isActive(now)) {
            throw new SubmissionException(
                    SubmissionFailure.CPA_NOT_ACTIVE,
                    "CPA '" + s.cpaId()
                            + "' is not active now (status " + cpa.status() + ", valid " + cpa.start() + " to "
                            + cpa.end()
                            + ")");
        }
        DeliveryChannel channel;
        try {
            channel = cpa.resolveOutbound(s.service(), s.action(), Optional.ofNullable(s.fromParty()));
        } catch (CpaResolutionException e) {
            throw new SubmissionException(SubmissionFailure.NOT_ALLOWED_BY_CPA, e.getMessage());
        }
        if (s.messageId() != null && s.messageId().isBlank()
                || s.conversationId() != null && s.conversationId().isBlank()) {
            throw new SubmissionException(
                    SubmissionFailure.MALFORMED,
                    "an empty message id or conversation id " + "cannot be sent; leave it out to have one made up");
        }
        if (s.messageId() != null) {
            Optional<StoredMessage> earlier = store.messages().find(Direction.OUT, s.cpaId(), s.messageId());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String messageId = s.messageId() != null ? s.messageId() : messageIds.next();
        List<Payload> payloads = new ArrayList<>();
        List<String> manifest = new ArrayList<>();
        for (Submission.Part part : s.payloads()) {
            String cid = part.contentId() != null ? part.contentId() : UUID.randomUUID() + "@dkgw";
            if (cid.isBlank() || cid.contains(">") || cid.contains("<") || cid.contains(" ")) {
                throw new SubmissionException(
                        SubmissionFailure.MALFORMED, "Content-ID '" + cid + "' is not usable in a MIME header");
            }
            payloads.add(new Payload(cid, part.contentType(), part.content()));
            manifest.add("cid:" + cid);
        }
        boolean reliable = channel.ackRequested();
        Duration persist =
                channel.persistDuration() == null || channel.persistDuration().isZero()
                        ? DEFAULT_PERSIST_DURATION
                        : channel.persistDuration();
        Instant deadline = now.plus(reliable ? persist : BEST_EFFORT_WINDOW);
        MessageHeader header = new MessageHeader(
                s.cpaId(),
                s.conversationId() != null
                        ? s.conversationId()
                        : TimeOrderedUuid.next().toString(),
                channel.fromParty(),
                channel.fromRole(),
                channel.toParty(),
                channel.toRole(),
                channel.service(),
                channel.serviceType(),
                channel.action(),
                messageId,
                now,
                null,
                reliable ? deadline : null,
                channel.duplicateElimination());
        List<HeaderValueLimits.Overrun> overruns = HeaderValueLimits.overruns(header, payloads);
        if (!overruns.isEmpty()) {
            throw new SubmissionException(
                    SubmissionFailure.VALUE_TOO_LONG,
                    "cannot send this message: "
                            + overruns.stream()
                                    .map(HeaderValueLimits.Overrun::describe)
                                    .collect(Collectors.joining("; ")));
        }
        EbmsMessage message = new EbmsMessage(
                header,
                reliable
                        ? new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, channel.ackSignatureRequested())
                        : null,
                channel.syncReplyMode() == SyncReplyMode.MSH_SIGNALS_ONLY,
                null,
                null,
                List.of(),
                manifest,
                null,
                null,
                payloads);
        // As deployed adapters do: sign over the plaintext parts, then encrypt the parts for the receiver.
        MessageSecurity.SealedEnvelope sealed = security.sealed(message, payloads, channel);
        byte[] envelope = sealed.bytes();
        List<Payload> onTheWire = security.encrypt(payloads, channel);
        int maxAttempts = reliable ? channel.retries() + 1 : 1;
        Duration interval = channel.retryInterval() == null ? Duration.ZERO : channel.retryInterval();
        DeliveryTask task =
                new DeliveryTask(0, channel.endpoint().toString(), now, 0, maxAttempts, interval, deadline, reliable);
        Optional<DeliveryHandOff.Slot> slot =
                inMemory(onTheWire) ? handOff.reserve(lengthOf(onTheWire)) : Optional.empty();
        try {
            EbmsMessage wire = new EbmsMessage(
                    header,
                    message.ackRequested(),
                    message.syncReply(),
                    null,
                    null,
                    List.of(),
                    manifest,
                    null,
                    null,
                    onTheWire);
            StoredMessage stored = store.messages()
                    .insertReturning(
                            record(
                                    wire,
                                    Direction.OUT,
                                    MessageKind.USER,
                                    channel.profile().code(),
                                    envelope,
                                    s.sourceId()),
                            slot.map(w -> w.hold(task)).orElse(task));
            // stored, and not posted yet: its Acknowledgment cannot come before this
            sealed.receipt().ifPresent(r -> security.expectedReceipts().expect(s.cpaId(), messageId, r));
            LOG.atInfo()
                    .addKeyValue("event", "message.submitted")
                    .addKeyValue("messageId", messageId)
                    .addKeyValue("cpaId", s.cpaId())
                    .addKeyValue("action", s.action())
                    .addKeyValue("profile", channel.profile().code())
                    .addKeyValue("payloads", payloads.size())
                    .log("message submitted");
            events.submitted(s.cpaId(), s.action());
            if (slot.isPresent()) {
                slot.get()
                        .deliver(slot.get().hold(task).of(stored.pk()), new MessageToPost(stored, envelope, onTheWire));
            } else {
                deliveryWakeUp.run();
            }
            return stored;
        } catch (DuplicateMessageException e) {
            return store.messages().find(Direction.OUT, s.cpaId(), messageId).orElseThrow();
        } finally {
            slot.ifPresent(DeliveryHandOff.Slot::close);
            // stored (or not): an encrypted part written to a temporary file is no longer needed
            TemporaryFileContent.release(onTheWire);
        }
    }

    /** What became of a resend request. */
    public enum Resend {
        RESENT,
        NOT_FOUND,
        NOT_FAILED
    }

    /**
     * Delivers a FAILED outbound business message again: a new delivery task with the retries and persist duration
     * of its CPA channel (counted from now), posting the stored envelope unchanged, so the MessageId stays the same
     * and a peer that had received it recognises the duplicate.
     */
    public Resend resend(String messageId, String by) {
        Optional<StoredMessage> found = store.messages()
                .findByMessageId(messageId)
                .filter(m -> m.direction() == Direction.OUT && m.kind() == MessageKind.USER);
        if (found.isEmpty()) {
            return Resend.NOT_FOUND;
        }
        StoredMessage m = found.get();
        if (m.status() != MessageStatus.FAILED) {
            return Resend.NOT_FAILED;
        }
        Instant now = clock.instant();
        String endpoint = null;
        boolean reliable = m.profile() != null && m.profile().contains("rm");
        int maxAttempts = 1;
        Duration interval = Duration.ZERO;
        Duration persist = reliable ? DEFAULT_PERSIST_DURATION : BEST_EFFORT_WINDOW;
        Optional<Cpa> cpa = cpas.find(m.cpaId());
        if (cpa.isPresent()) {
            Optional<PartyId> from = cpa.get().parties().stream()
                    .filter(p -> p.toString().equals(m.fromParty()))
                    .findFirst();
            Optional<PartyId> to = cpa.get().parties().stream()
                    .filter(p -> p.toString().equals(m.toParty()))
                    .findFirst();
            if (from.isPresent() && to.isPresent()) {
                try {
                    DeliveryChannel channel = cpa.get().resolve(from.get(), to.get(), m.service(), m.action());
                    endpoint = channel.endpoint().toString();
                    reliable = channel.ackRequested();
                    maxAttempts = reliable ? channel.retries() + 1 : 1;
                    interval = channel.retryInterval() == null ? Duration.ZERO : channel.retryInterval();
                    persist = !reliable
                            ? BEST_EFFORT_WINDOW
                            : channel.persistDuration() == null
                                            || channel.persistDuration().isZero()
                                    ? DEFAULT_PERSIST_DURATION
                                    : channel.persistDuration();
                } catch (CpaResolutionException e) {
                    LOG.atWarn()
                            .addKeyValue("event", "message.resend-unresolved")
                            .addKeyValue("messageId", messageId)
                            .log("resending with the last endpoint: {}", e.getMessage());
                }
            }
        }
        if (endpoint == null) {
            List<DeliveryAttempt> attempts = store.deliveryAttempts().of(m.pk());
            if (attempts.isEmpty()) {
                return Resend.NOT_FAILED;
            }
            endpoint = attempts.get(attempts.size() - 1).endpoint();
        }
        DeliveryTask task =
                new DeliveryTask(m.pk(), endpoint, now, 0, maxAttempts, interval, now.plus(persist), reliable);
        if (!store.deliveryTasks().resend(m.pk(), task, "resent by " + by)) {
            return Resend.NOT_FAILED;
        }
        LOG.atInfo()
                .addKeyValue("event", "message.resent")
                .addKeyValue("messageId", messageId)
                .addKeyValue("cpaId", m.cpaId())
                .addKeyValue("by", by)
                .log("failed message queued again");
        deliveryWakeUp.run();
        return Resend.RESENT;
    }

    /** Stores a signal for asynchronous delivery to the party's signal endpoint. */
    public void sendSignal(Cpa cpa, EbmsMessage signal) {
        sendSignal(cpa, signal, writer.bytes(signal));
    }

    /** Stores a signal, already serialised (and signed where needed), for asynchronous delivery. */
    public void sendSignal(Cpa cpa, EbmsMessage signal, byte[] envelope) {
        Optional<QueuedSignal> queued = signalToQueue(cpa, signal, envelope);
        if (queued.isEmpty()) {
            return;
        }
        try {
            store.messages().insert(queued.get().row(), queued.get().task());
            deliveryWakeUp.run();
        } catch (DuplicateMessageException e) {
            throw new IllegalStateException(
                    "fresh signal id collided: " + signal.header().messageId(), e);
        }
    }

    /** A signal ready to be stored for asynchronous delivery: its row and its delivery task. */
    record QueuedSignal(NewMessage row, DeliveryTask task) {}

    /**
     * The row and delivery task that send {@code signal} (serialised as {@code envelope}) to the party's signal
     * endpoint, for the caller to store in a transaction of its own (then {@link #signalQueued()}); empty, and logged,
     * when the CPA names no endpoint for it.
     */
    Optional<QueuedSignal> signalToQueue(Cpa cpa, EbmsMessage signal, byte[] envelope) {
        try {
            String endpoint = cpa.signalEndpointOf(signal.header().to()).toString();
            Instant now = clock.instant();
            DeliveryTask task = new DeliveryTask(
                    0,
                    endpoint,
                    now,
                    0,
                    signalRetries + 1,
                    signalRetryInterval,
                    now.plus(signalRetryInterval.multipliedBy(signalRetries + 1L))
                            .plus(Duration.ofMinutes(1)),
                    false);
            return Optional.of(
                    new QueuedSignal(record(signal, Direction.OUT, MessageKind.SIGNAL, null, envelope), task));
        } catch (CpaResolutionException e) {
            LOG.atWarn()
                    .addKeyValue("event", "signal.unroutable")
                    .addKeyValue("cpaId", cpa.cpaId())
                    .addKeyValue("refToMessageId", signal.header().refToMessageId())
                    .log("cannot send {}: {}", signal.header().action(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Tells the delivery that a signal from {@link #signalToQueue} was stored (committed) and may be posted. */
    void signalQueued() {
        deliveryWakeUp.run();
    }

    /** A free delivery worker for a signal about to be stored with {@link #signalToQueue}'s task held; see below. */
    Optional<DeliveryHandOff.Slot> reserveWorker() {
        return handOff.reserve();
    }

    /**
     * A signal from {@link #signalToQueue} was stored (committed) as {@code stored}, its task held through
     * {@code slot}: posted at once on that worker.
     */
    void signalQueued(DeliveryHandOff.Slot slot, QueuedSignal queued, StoredMessage stored) {
        slot.deliver(
                slot.hold(queued.task()).of(stored.pk()),
                new MessageToPost(stored, queued.row().envelope(), List.of()));
    }

    /** The parts' bytes together; {@link Long#MAX_VALUE} when a part's length is not known. */
    private static long lengthOf(List<Payload> parts) {
        long total = 0;
        for (Payload p : parts) {
            long length = p.content().length();
            if (length < 0) {
                return Long.MAX_VALUE;
            }
            total += length;
        }
        return total;
    }

    /** True when every part is held in memory, so the parts outlive the submission that brought them. */
    private static boolean inMemory(List<Payload> parts) {
        return parts.stream().allMatch(p -> p.content() instanceof PayloadContent.InMemory);
    }

    static NewMessage record(EbmsMessage m, Direction direction, MessageKind kind, String profile, byte[] envelope) {
        return record(m, direction, kind, profile, envelope, null);
    }

    static NewMessage record(
            EbmsMessage m, Direction direction, MessageKind kind, String profile, byte[] envelope, String sourceId) {
        MessageHeader h = m.header();
        MessageStatus status = direction == Direction.OUT ? MessageStatus.PENDING : MessageStatus.RECEIVED;
        return new NewMessage(
                direction,
                kind,
                h.messageId(),
                h.cpaId(),
                h.conversationId(),
                h.refToMessageId(),
                h.from().toString(),
                h.fromRole(),
                h.to().toString(),
                h.toRole(),
                h.service(),
                h.action(),
                profile,
                status,
                null,
                envelope,
                m.payloads(),
                sourceId);
    }
}
