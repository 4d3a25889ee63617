package nl.dkgw.gateway.msh;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.ValuePreview;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.ReceivedBody;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.msh.inbound.ChannelCheck;
import nl.dkgw.gateway.msh.inbound.ClientCertificateCheck;
import nl.dkgw.gateway.msh.inbound.CpaCheck;
import nl.dkgw.gateway.msh.inbound.DecryptionCheck;
import nl.dkgw.gateway.msh.inbound.HeaderLengthCheck;
import nl.dkgw.gateway.msh.inbound.InboundCheck;
import nl.dkgw.gateway.msh.inbound.InboundContext;
import nl.dkgw.gateway.msh.inbound.ManifestCheck;
import nl.dkgw.gateway.msh.inbound.MessageOrderCheck;
import nl.dkgw.gateway.msh.inbound.ReliabilityCheck;
import nl.dkgw.gateway.msh.inbound.SignatureCheck;
import nl.dkgw.gateway.msh.inbound.SyncReplyCheck;
import nl.dkgw.gateway.msh.inbound.TimeToLiveCheck;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewFileTransfer;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.ReceivedWithReply;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * The receiving side of the MSH: takes an HTTP post apart, checks it against the CPA and the TLS client certificate,
 * eliminates duplicates, stores it, and answers with an Acknowledgment (sync or async), a MessageError, a Pong or a
 * StatusResponse. Nothing that fails a check is stored as a business message.
 */
public final class InboundProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(InboundProcessor.class);

    private final Store store;
    private final SoapWithAttachments mime;
    private final SignalFactory signals;
    private final SignalReceiver signalReceiver;
    private final OutboundMessages outbound;
    private final MessageSecurity security;
    private final MshEvents events;
    private final Clock clock;
    private final AnnouncedFiles announcedFiles;
    private final MessageSizeLimit sizeLimit;
    private final EnvelopeReader reader = new EnvelopeReader();
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final List<InboundCheck> identityChecks;
    private final List<InboundCheck> userMessageChecks;

    /**
     * Checks received messages against {@code cpas}, a message's TimeToLive and its CPA's validity against
     * {@code clock}; recognises the files received messages announce (Grote Berichten) by {@code announcedFiles}
     * ({@link AnnouncedFiles#NONE} for none) and refuses (413) a post larger than its CPA's {@code sizeLimit} once
     * the CPA is known ({@link MessageSizeLimit#NONE} for no limit per CPA).
     */
    public InboundProcessor(
            CpaRegistry cpas,
            Store store,
            SoapWithAttachments mime,
            SignalFactory signals,
            SignalReceiver signalReceiver,
            OutboundMessages outbound,
            MessageSecurity security,
            MshEvents events,
            Clock clock,
            AnnouncedFiles announcedFiles,
            MessageSizeLimit sizeLimit) {
        this.sizeLimit = sizeLimit;
        this.announcedFiles = announcedFiles;
        this.clock = clock;
        this.security = security;
        this.events = events;
        this.store = store;
        this.mime = mime;
        this.signals = signals;
        this.signalReceiver = signalReceiver;
        this.outbound = outbound;
        this.identityChecks = List.of(new HeaderLengthCheck(), new CpaCheck(cpas), new ClientCertificateCheck());
        this.userMessageChecks = List.of(
                new ChannelCheck(),
                new TimeToLiveCheck(),
                new ReliabilityCheck(),
                new MessageOrderCheck(),
                new SyncReplyCheck(),
                new ManifestCheck(),
                new DecryptionCheck(security),
                new HeaderLengthCheck(),
                new SignatureCheck(security));
    }

    /** Processes a body held in memory; see {@link #process(String, ReceivedBody, X509Certificate)}. */
    public InboundResponse process(String contentType, byte[] body, X509Certificate peerCertificate) {
        try (ReceivedBody received = ReceivedBody.of(body)) {
            return process(contentType, received, peerCertificate);
        }
    }

    /**
     * Processes one received post and returns the answer. The payloads are read from {@code body} (a spooled body: as
     * streams over its file) while this runs, so the caller closes the body only after it returns.
     */
    public InboundResponse process(String contentType, ReceivedBody body, X509Certificate peerCertificate) {
        EbmsMessage message;
        byte[] envelope;
        ReceivedEnvelope read;
        try {
            MimeMessage parts = mime.unpack(contentType, body);
            envelope = parts.envelope();
            try {
                read = ReceivedEnvelope.read(envelope);
            } catch (SAXException e) {
                throw EnvelopeReader.unreadable(e);
            }
            message = reader.read(read.root(), parts.payloads());
        } catch (EbmsException e) {
            LOG.atWarn()
                    .addKeyValue("event", "inbound.unreadable")
                    .addKeyValue("errorCode", e.error().code())
                    .log(e.error().description());
            events.rejected(e.error().code().name());
            return error(400, emptyHeader(), e);
        }

        InboundContext context = read.context(message, peerCertificate, clock.instant());
        Optional<PartyId> sender = Optional.empty();
        List<NewFileTransfer> files;
        try {
            for (InboundCheck check : identityChecks) {
                check.check(context);
            }
            long limit = sizeLimit.maxBytes(context.cpa().cpaId());
            if (body.length() > limit) {
                return tooLarge(message.header(), body.length(), limit);
            }
            // the From party is one of the CPA's and the TLS client certificate is its own
            sender = SignalReceiver.partyOf(context.cpa(), message.header().from());
            if (message.header().isMshSignal()) {
                return processSignal(context, envelope);
            }
            for (InboundCheck check : userMessageChecks) {
                check.check(context);
            }
            files = announcedFiles.of(message.header(), context.payloads());
        } catch (EbmsException e) {
            LOG.atWarn()
                    .addKeyValue("event", "inbound.rejected")
                    .addKeyValue("messageId", ValuePreview.of(message.header().messageId()))
                    .addKeyValue("cpaId", ValuePreview.of(message.header().cpaId()))
                    .addKeyValue("errorCode", e.error().code())
                    .log(e.error().description());
            events.rejected(e.error().code().name());
            if (message.header().isMshSignal() && sender.isPresent()) {
                signalReceiver.refused(message, sender.get(), e.error());
            }
            context.releaseDecryptedPayloads();
            return refuse(context, sender, e);
        }
        return accept(context, envelope, files);
    }

    /**
     * Stores an accepted message and answers it. An Acknowledgment sent asynchronously is made first and stored in the
     * message's own transaction, kept in its row with its task keyed by it, so one commit holds both (and the answer
     * exists exactly when the message does); one that rides on the HTTP response is sent only after that commit. A
     * duplicate is acknowledged again, with a signal of its own.
     */
    private InboundResponse accept(InboundContext context, byte[] envelope, List<NewFileTransfer> files) {
        EbmsMessage message = context.message();
        MessageHeader h = message.header();
        EbmsMessage ack = null;
        byte[] ackEnvelope = null;
        Optional<OutboundMessages.QueuedSignal> queuedAck = Optional.empty();
        if (message.ackRequested() != null) {
            ack = signals.acknowledgment(h);
            ackEnvelope = message.ackRequested().signed() && context.signature() != null
                    ? security.signReceipt(ack, context.signature(), context.channel())
                    : writer.bytes(ack);
            if (!message.syncReply()) {
                queuedAck = outbound.signalToQueue(context.cpa(), ack, ackEnvelope);
            }
        }
        boolean duplicate = false;
        // a worker set aside for the Acknowledgment, so it is posted as soon as it is stored, without a claim
        Optional<DeliveryHandOff.Slot> ackWorker = queuedAck.isPresent() ? outbound.reserveWorker() : Optional.empty();
        try {
            EbmsMessage delivered = new EbmsMessage(
                    h,
                    message.ackRequested(),
                    message.syncReply(),
                    message.sequenceNumber(),
                    message.acknowledgment(),
                    message.errors(),
                    message.manifest(),
                    message.statusRequestRef(),
                    message.statusResponse(),
                    context.payloads());
            NewMessage row = OutboundMessages.record(
                    delivered,
                    Direction.IN,
                    MessageKind.USER,
                    context.channel().profile().code(),
                    envelope);
            long pk;
            if (queuedAck.isPresent()) {
                OutboundMessages.QueuedSignal queued = queuedAck.get();
                ReceivedWithReply stored = store.messages()
                        .insertWithReply(
                                row,
                                files,
                                queued.row(),
                                ackWorker.map(w -> w.hold(queued.task())).orElse(queued.task()));
                pk = stored.messagePk();
                ackWorker.ifPresent(w -> outbound.signalQueued(w, queued, stored.reply()));
            } else {
                pk = store.messages().insert(row, null, files);
            }
            LOG.atInfo()
                    .addKeyValue("event", "message.received")
                    .addKeyValue("messageId", h.messageId())
                    .addKeyValue("cpaId", h.cpaId())
                    .addKeyValue("action", h.action())
                    .addKeyValue("payloads", message.payloads().size())
                    .log("message received");
            events.received(h.cpaId(), h.action());
            if (!files.isEmpty()) {
                announcedFiles.stored(pk);
            }
        } catch (DuplicateMessageException e) {
            duplicate = true;
            LOG.atInfo()
                    .addKeyValue("event", "message.duplicate")
                    .addKeyValue("messageId", h.messageId())
                    .addKeyValue("cpaId", h.cpaId())
                    .log("duplicate eliminated; acknowledged again");
        } finally {
            ackWorker.ifPresent(DeliveryHandOff.Slot::close);
            context.releaseDecryptedPayloads();
        }
        if (ack == null) {
            return InboundResponse.noContent();
        }
        if (duplicate || message.syncReply()) {
            return reply(context, ack, ackEnvelope);
        }
        if (queuedAck.isPresent() && ackWorker.isEmpty()) {
            outbound.signalQueued();
        }
        return InboundResponse.noContent();
    }

    private InboundResponse processSignal(InboundContext context, byte[] envelope) throws EbmsException {
        EbmsMessage message = context.message();
        MessageHeader h = message.header();
        Cpa cpa = context.cpa();
        if (!cpa.parties().contains(h.from()) || !cpa.parties().contains(h.to())) {
            throw new EbmsException(
                    ErrorCode.ValueNotRecognized,
                    "//eb:MessageHeader/eb:From/eb:PartyId",
                    "parties " + h.from().value() + " -> " + h.to().value() + " are not the parties of CPA "
                            + cpa.cpaId());
        }
        Optional<VerifiedSignature> verified =
                context.signed() ? security.verifySignal(context.envelope(), cpa, h.from()) : Optional.empty();
        switch (h.action()) {
            case "Ping":
                return reply(context, signals.pong(h));
            case "StatusRequest":
                if (message.statusRequestRef() == null) {
                    throw new EbmsException(
                            ErrorCode.Inconsistent,
                            "//eb:StatusRequest",
                            "a StatusRequest without eb:StatusRequest/eb:RefToMessageId");
                }
                return reply(context, statusResponse(h, message.statusRequestRef()));
            case "Acknowledgment":
                if (message.acknowledgment() == null) {
                    throw new EbmsException(
                            ErrorCode.Inconsistent,
                            "//eb:Acknowledgment",
                            "action Acknowledgment without an eb:Acknowledgment element");
                }
                if (verified.isPresent()) {
                    signalReceiver.onSignal(message, envelope, context.envelope(), verified.get());
                } else {
                    signalReceiver.onSignal(message, envelope);
                }
                return InboundResponse.noContent();
            case "MessageError":
                signalReceiver.onSignal(message, envelope);
                return InboundResponse.noContent();
            case "Pong":
            case "StatusResponse":
                signalReceiver.onSignal(message, envelope);
                return InboundResponse.noContent();
            default:
                throw new EbmsException(
                        ErrorCode.ValueNotRecognized,
                        "//eb:MessageHeader/eb:Action",
                        "'" + h.action() + "' is not an action of the MSH service " + h.service());
        }
    }

    private EbmsMessage statusResponse(MessageHeader request, String ref) {
        Optional<StoredMessage> found =
                store.messages().find(Direction.IN, request.cpaId(), ref).filter(m -> m.kind() == MessageKind.USER);
        if (found.isEmpty()) {
            return signals.statusResponse(request, ref, "NotRecognized", null);
        }
        StoredMessage m = found.get();
        if (!m.fromParty().equals(request.from().toString())) {
            return signals.statusResponse(request, ref, "UnAuthorized", null);
        }
        String status = m.status() == MessageStatus.PROCESSED ? "Processed" : "Received";
        return signals.statusResponse(request, ref, status, m.createdAt());
    }

    /** A Pong or StatusResponse: signed when this party signs on the CPA. */
    private InboundResponse reply(InboundContext context, EbmsMessage signal) {
        return reply(
                context,
                signal,
                security.sealSignal(signal, context.cpa(), signal.header().from()));
    }

    /** Answers synchronously when the request asked (eb:SyncReply), otherwise sends the signal on its own. */
    private InboundResponse reply(InboundContext context, EbmsMessage signal, byte[] envelope) {
        if (context.message().syncReply()) {
            return respond(200, envelope);
        }
        outbound.sendSignal(context.cpa(), signal, envelope);
        return InboundResponse.noContent();
    }

    /**
     * Answers a refused message with a MessageError. It goes to the sender as a message of its own (and the post is
     * answered like one whose signals come asynchronously) when the sender is known (a party of the CPA, authenticated
     * by its TLS certificate, writing to the other party) and the CPA does not have signals come back on the
     * connection. It is the HTTP response where no CPA or sender can be determined, where the CPA's syncReplyMode is
     * mshSignalsOnly, or where the message asked for it (eb:SyncReply). A refused MessageError is never answered with
     * a MessageError of our own: two gateways refusing each other's errors would never stop.
     */
    private InboundResponse refuse(InboundContext context, Optional<PartyId> sender, EbmsException e) {
        MessageHeader h = context.message().header();
        Cpa cpa = context.cpa();
        Optional<PartyId> receiver = cpa == null ? Optional.empty() : SignalReceiver.partyOf(cpa, h.to());
        boolean errorAboutError = context.message().isErrorMessage() || "MessageError".equals(h.action());
        if (sender.isEmpty()
                || receiver.isEmpty()
                || receiver.equals(sender)
                || errorAboutError
                || answersOnTheConnection(context, sender.get())) {
            return error(200, h, e);
        }
        try {
            cpa.signalEndpointOf(sender.get());
        } catch (CpaResolutionException unroutable) {
            return error(200, h, e);
        }
        EbmsMessage messageError = signals.messageError(h, List.of(e.error()));
        try {
            outbound.sendSignal(cpa, messageError, security.sealSignal(messageError, cpa, receiver.get()));
        } catch (RuntimeException cannotStore) {
            // e.g. a header value the store cannot hold: the sender still learns why, in the response
            LOG.atWarn()
                    .addKeyValue("event", "error.not-queued")
                    .addKeyValue("cpaId", h.cpaId())
                    .log(
                            "the MessageError cannot be sent on its own ({}); answering in the HTTP response",
                            shortened(String.valueOf(cannotStore.getMessage())));
            return error(200, h, e);
        }
        return InboundResponse.noContent();
    }

    /** A post larger than its CPA allows: refused like one the endpoint finds too large before its CPA is known. */
    private InboundResponse tooLarge(MessageHeader h, long bytes, long limit) {
        LOG.atWarn()
                .addKeyValue("event", "inbound.too-large-for-cpa")
                .addKeyValue("messageId", ValuePreview.of(h.messageId()))
                .addKeyValue("cpaId", ValuePreview.of(h.cpaId()))
                .addKeyValue("bytes", bytes)
                .addKeyValue("maxMessageBytes", limit)
                .log("refused a message larger than its CPA allows");
        return new InboundResponse(
                413,
                "text/plain; charset=UTF-8",
                ("message of " + bytes + " bytes exceeds the limit of " + limit + " bytes for CPA "
                                + ValuePreview.of(h.cpaId())
                                + "; larger files go through Digikoppeling Grote Berichten\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String shortened(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Whether the CPA (the channel of the message, else the sender's default channel) or the message wants signals
     *  on the connection. */
    private static boolean answersOnTheConnection(InboundContext context, PartyId sender) {
        if (context.message().syncReply()) {
            return true;
        }
        SyncReplyMode mode = context.channel() != null
                ? context.channel().syncReplyMode()
                : context.cpa().signalSyncReplyModeOf(sender);
        return mode == SyncReplyMode.MSH_SIGNALS_ONLY;
    }

    private InboundResponse error(int httpStatus, MessageHeader received, EbmsException e) {
        return respond(httpStatus, signals.messageError(received, List.of(e.error())));
    }

    private InboundResponse respond(int status, EbmsMessage signal) {
        return respond(status, writer.bytes(signal));
    }

    private InboundResponse respond(int status, byte[] envelope) {
        PackedMessage packed = mime.pack(envelope, List.of());
        return new InboundResponse(status, packed.contentType(), packed.body());
    }

    private static MessageHeader emptyHeader() {
        return new MessageHeader(null, null, null, null, null, null, null, null, null, null, null, null, null, false);
    }
}
