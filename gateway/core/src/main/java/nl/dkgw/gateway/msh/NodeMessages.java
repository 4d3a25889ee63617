package nl.dkgw.gateway.msh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.CpaStoreException;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.api.FailureReports;
import nl.dkgw.gateway.api.InboundDelivery;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageService;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.api.ResendResult;
import nl.dkgw.gateway.api.StatusResult;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.api.WireCopy;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.Oin;

/**
 * The gateway's narrow API on one node: sending and following messages, handing received ones to the application,
 * reporting final failures. Every store call behind the API is in this class; callers see only the API's values.
 */
public final class NodeMessages implements MessageService, InboundDelivery {

    private final CpaRegistry cpas;
    private final Store store;
    private final RefusedSignals refusedSignals;
    private final OutboundMessages outbound;
    private final SignalRequester signals;
    private final Oin ownOin;
    private final String nodeId;

    public NodeMessages(
            CpaRegistry cpas,
            Store store,
            RefusedSignals refusedSignals,
            OutboundMessages outbound,
            SignalRequester signals,
            Oin ownOin,
            String nodeId) {
        this.cpas = cpas;
        this.store = store;
        this.refusedSignals = refusedSignals;
        this.outbound = outbound;
        this.signals = signals;
        this.ownOin = ownOin;
        this.nodeId = nodeId;
    }

    /** The party in the CPA this node is, recognised by the OIN of its TLS client certificate. */
    public Optional<PartyId> selfParty(Cpa cpa) {
        return cpa.parties().stream()
                .filter(p -> p.oinWithoutEnvironmentSuffix().equals(ownOin.value()))
                .findFirst();
    }

    /**
     * As {@link #submit}, with the stored row or the MSH's exception: what {@code Gateway}'s own Java methods return.
     * A submission without a sending party is sent as this node's party in the CPA.
     */
    public StoredMessage store(Submission submission) throws SubmissionException {
        Submission s = submission;
        if (s.fromParty() == null) {
            Optional<Cpa> cpa;
            try {
                cpa = cpas.find(s.cpaId());
            } catch (CpaStoreException e) {
                if (e.reason() != CpaStoreException.Reason.DATABASE) {
                    throw e;
                }
                throw SubmissionException.storeUnavailable(e);
            }
            Optional<PartyId> self = cpa.flatMap(this::selfParty);
            if (self.isPresent()) {
                s = new Submission(
                        s.cpaId(),
                        s.service(),
                        s.action(),
                        s.payloads(),
                        s.conversationId(),
                        self.get(),
                        s.messageId(),
                        s.sourceId());
            }
        }
        return outbound.submit(s);
    }

    @Override
    public SubmitResult submit(Submission submission) {
        try {
            return new SubmitResult.Accepted(ApiValues.summary(store(submission)));
        } catch (SubmissionException e) {
            return new SubmitResult.Refused(e.reason(), e.getMessage());
        }
    }

    @Override
    public ResendResult resend(String messageId, String by) {
        return ResendResult.valueOf(outbound.resend(messageId, by).name());
    }

    @Override
    public Optional<MessageReport> report(String messageId) {
        return store.messages()
                .findByMessageId(messageId)
                .map(m -> new MessageReport(
                        ApiValues.summary(m),
                        store.deliveryAttempts().of(m.pk()).stream()
                                .map(ApiValues::attempt)
                                .toList(),
                        store.messages().hasReceipt(m.pk()),
                        refusedSignals.about(m.pk()).stream()
                                .map(ApiValues::refused)
                                .toList()));
    }

    @Override
    public Optional<byte[]> receipt(String messageId) {
        return store.messages()
                .findByMessageId(messageId)
                .filter(m -> m.direction() == Direction.OUT)
                .map(m -> store.messages().receipt(m.pk()));
    }

    @Override
    public PingResult ping(String cpaId, Duration timeout) {
        Optional<Cpa> found = cpas.find(cpaId);
        if (found.isEmpty()) {
            return new PingResult(false, "CPA '" + cpaId + "' is not known to this gateway", Duration.ZERO, null);
        }
        Optional<PartyId> self = selfParty(found.get());
        if (self.isEmpty()) {
            return new PingResult(
                    false,
                    "this gateway's OIN " + ownOin.value() + " is not a party in CPA " + cpaId,
                    Duration.ZERO,
                    null);
        }
        SignalRequester.Exchange x = signals.request(found.get(), self.get(), "Ping", null, timeout);
        if (!x.answered()) {
            return new PingResult(false, x.failure(), x.roundTrip(), x.requestId());
        }
        if ("Pong".equals(x.answerAction())) {
            String from = x.reply()
                    .map(r -> r.header().from().value())
                    .orElseGet(() -> x.asyncReply().get().fromParty());
            return new PingResult(true, "Pong from " + from, x.roundTrip(), x.requestId());
        }
        return new PingResult(
                false,
                "answered " + x.answerAction()
                        + x.reply()
                                .filter(EbmsMessage::isErrorMessage)
                                .map(r -> ": " + r.errors())
                                .orElse("") + " instead of Pong",
                x.roundTrip(),
                x.requestId());
    }

    @Override
    public StatusResult statusRequest(String cpaId, String messageId, Duration timeout) {
        Optional<Cpa> found = cpas.find(cpaId);
        if (found.isEmpty()) {
            return new StatusResult(null, "CPA '" + cpaId + "' is not known to this gateway");
        }
        Optional<PartyId> self = selfParty(found.get());
        if (self.isEmpty()) {
            return new StatusResult(null, "this gateway's OIN " + ownOin.value() + " is not a party in CPA " + cpaId);
        }
        SignalRequester.Exchange x = signals.request(found.get(), self.get(), "StatusRequest", messageId, timeout);
        if (x.reply().isPresent() && x.reply().get().statusResponse() != null) {
            return new StatusResult(x.reply().get().statusResponse().messageStatus(), null);
        }
        if (x.asyncReply().isPresent()) {
            Optional<EbmsMessage> async =
                    read(store.messages().envelope(x.asyncReply().get().pk()));
            if (async.isPresent() && async.get().statusResponse() != null) {
                return new StatusResult(async.get().statusResponse().messageStatus(), null);
            }
        }
        return new StatusResult(
                null, x.answered() ? "answered " + x.answerAction() + " instead of StatusResponse" : x.failure());
    }

    private static Optional<EbmsMessage> read(byte[] envelope) {
        try {
            return Optional.of(new EnvelopeReader().read(envelope, List.of()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public List<MessageSummary> failed(MessageRoute route, long afterPk, int limit) {
        return ApiValues.summaries(store.failureReports().listFailed(ApiValues.filter(route), afterPk, limit));
    }

    @Override
    public Optional<MessageSummary> signalReply(String cpaId, String refToMessageId) {
        return store.messages().findSignalReply(cpaId, refToMessageId).map(ApiValues::summary);
    }

    @Override
    public Optional<WireCopy> wireCopy(long pk) {
        return store.messages()
                .findByPk(pk)
                .map(m -> new WireCopy(
                        store.messages().envelope(pk), store.payloads().of(pk)));
    }

    // InboundDelivery

    @Override
    public List<MessageSummary> claim(MessageRoute route, int max, Duration lease) {
        // leases on the database's clock, as delivery tasks' are: nodes whose clocks differ still agree on expiry
        Instant now = store.databaseClock().now();
        return ApiValues.summaries(
                store.routeClaims().claimReceived(ApiValues.filter(route), nodeId, now, now.plus(lease), max));
    }

    @Override
    public Optional<ReceivedMessage> fetch(long pk) {
        return store.messages()
                .findByPk(pk)
                .filter(m -> m.kind() == MessageKind.USER)
                .map(m -> new ReceivedMessage(
                        ApiValues.summary(m), store.payloads().of(m.pk())));
    }

    @Override
    public boolean complete(long pk) {
        return store.messages().markProcessed(pk);
    }

    @Override
    public void retryLater(long pk, Duration delay) {
        store.routeClaims().hold(pk, nodeId, store.databaseClock().now().plus(delay));
    }

    @Override
    public void release(long pk) {
        store.routeClaims().release(pk, nodeId);
    }

    @Override
    public List<MessageSummary> received(MessageRoute route, MessageSummary.Status status, int limit) {
        return ApiValues.summaries(
                store.messages().listReceived(ApiValues.filter(route), ApiValues.status(status), limit));
    }

    /** The failure reports of this node, on the same claims as received messages. */
    public FailureReports failureReports() {
        return new FailureReports() {
            @Override
            public List<MessageSummary> claim(MessageRoute route, int max, Duration lease) {
                Instant now = store.databaseClock().now();
                return ApiValues.summaries(store.routeClaims()
                        .claimUnreportedFailures(ApiValues.filter(route), nodeId, now, now.plus(lease), max));
            }

            @Override
            public void reported(long pk) {
                store.failureReports().markReported(pk);
            }

            @Override
            public void retryLater(long pk, Duration delay) {
                NodeMessages.this.retryLater(pk, delay);
            }

            @Override
            public void release(long pk) {
                NodeMessages.this.release(pk);
            }
        };
    }
}
