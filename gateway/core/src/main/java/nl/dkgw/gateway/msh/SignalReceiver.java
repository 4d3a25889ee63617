package nl.dkgw.gateway.msh;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.ValuePreview;
import nl.dkgw.gateway.security.ReceiptReferences;
import nl.dkgw.gateway.security.SecurityFailureException;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.HeaderValueLimits;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.PeerAnswers;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Applies signals that answer messages this gateway sent, whether they came back synchronously in the HTTP response
 * or asynchronously as their own request: an Acknowledgment closes a reliable message, a MessageError fails it,
 * a Pong or StatusResponse is kept for whoever asked.
 */
public final class SignalReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(SignalReceiver.class);

    private final Store store;
    private final CpaRegistry cpas;
    private final MessageSecurity security;

    private final MshEvents events;
    private final RefusedSignals refusals;
    private final Clock clock;

    public SignalReceiver(
            Store store, RefusedSignals refusals, CpaRegistry cpas, MessageSecurity security, MshEvents events) {
        this(store, refusals, cpas, security, events, Clock.systemUTC());
    }

    /** As above, stamping the signals it refuses with {@code clock}. */
    public SignalReceiver(
            Store store,
            RefusedSignals refusals,
            CpaRegistry cpas,
            MessageSecurity security,
            MshEvents events,
            Clock clock) {
        this.clock = clock;
        this.events = events;
        this.refusals = refusals;
        this.store = store;
        this.cpas = cpas;
        this.security = security;
    }

    /** The profiles whose Acknowledgments are not checked as signed receipts (see {@link #receiptProblem}). */
    private static final Set<String> RECEIPTS_NOT_CHECKED = Arrays.stream(Profile.values())
            .filter(p -> !p.signed())
            .map(Profile::code)
            .collect(Collectors.toUnmodifiableSet());

    /** What the signal did. */
    public enum Effect {
        ACKNOWLEDGED,
        FAILED,
        KEPT,
        IGNORED
    }

    public Effect onSignal(EbmsMessage signal, byte[] envelope) {
        return apply(signal, envelope, null, null);
    }

    /**
     * As {@link #onSignal(EbmsMessage, byte[])}, for a signal whose signature the caller verified already against the
     * CPA ({@link MessageSecurity#verifySignal}): a signed receipt is then checked without verifying that signature a
     * second time.
     *
     * @param parsed the signal's envelope as a DOM tree, the one {@code verified} was verified in
     */
    public Effect onSignal(EbmsMessage signal, byte[] envelope, Document parsed, VerifiedSignature verified) {
        return apply(signal, envelope, null, new Verified(parsed, verified));
    }

    /**
     * As {@link #onSignal}, for a signal that came back as the response to a post of {@code sent} (its envelope
     * {@code sentEnvelope}): that message need not be looked up or read again, and an Acknowledgment is applied in one transaction with the record of
     * {@code attempt}, the post that carried it ({@link Effect#ACKNOWLEDGED}: recorded). For any other effect the
     * attempt is left for the caller to record.
     */
    public Effect onReply(
            EbmsMessage signal, byte[] envelope, StoredMessage sent, byte[] sentEnvelope, DeliveryAttempt attempt) {
        return apply(signal, envelope, new Carrier(sent, sentEnvelope, attempt), null);
    }

    /** A signal's signature as verified before it reached this class, and the document it was verified in. */
    private record Verified(Document envelope, VerifiedSignature signature) {}

    /** The post whose response carried a signal: the message posted, its envelope as posted, and the attempt. */
    private record Carrier(StoredMessage sent, byte[] envelope, DeliveryAttempt attempt) {

        /** Whether {@code ref} on {@code cpaId} names the message posted. */
        boolean posted(String cpaId, String ref) {
            return sent.messageId().equals(ref) && sent.cpaId().equals(cpaId);
        }
    }

    private Effect apply(EbmsMessage signal, byte[] envelope, Carrier carrier, Verified verified) {
        String cpaId = signal.header().cpaId();
        List<HeaderValueLimits.Overrun> overruns = HeaderValueLimits.overruns(signal.header(), List.of());
        if (!overruns.isEmpty()) {
            // a synchronous reply does not pass the inbound checks; too long to store, so it cannot be applied
            LOG.atWarn()
                    .addKeyValue("event", "signal.refused")
                    .addKeyValue("action", ValuePreview.of(signal.header().action()))
                    .addKeyValue("cpaId", ValuePreview.of(cpaId))
                    .log("signal ignored: {}", overruns.get(0).describe());
            return Effect.IGNORED;
        }
        if (signal.acknowledgment() != null) {
            String ref = signal.acknowledgment().refToMessageId();
            Referenced referenced;
            // the sent message's envelope when already read (for the signed-receipt check), else null
            byte[] sentEnvelope = null;
            if (carrier != null) {
                if (carrier.posted(cpaId, ref)) {
                    referenced = new Referenced(Optional.of(carrier.sent()), Optional.empty());
                    sentEnvelope = carrier.envelope();
                } else {
                    referenced = referenced(signal, ref);
                }
            } else {
                Optional<ExpectedReceipts.Expected> kept = security == null
                        ? Optional.empty()
                        : security.expectedReceipts().find(cpaId, ref);
                if (kept.isPresent()) {
                    // a signed message this node stored on the signal's CPA, with what its receipt must carry at
                    // hand: checked and closed without looking the message up first (one statement less)
                    Optional<String> refused = receiptProblem(signal, envelope, verified, kept.get());
                    if (refused.isPresent()) {
                        return refuseReceipt(signal, ref, refused.get());
                    }
                    return close(cpaId, ref, envelope, null);
                }
                // a message whose receipt is not checked is closed at once; otherwise the look-up comes back. A
                // signed Acknowledgment answers a signed message, whose receipt is checked: the closing attempt
                // would find nothing, so only the look-up runs (one statement less per signed message; should a
                // peer sign its Acknowledgment of an unsigned message, the path below closes that just the same)
                PeerAnswers.FirstAnswer first = store.peerAnswers()
                        .acknowledgeUnchecked(cpaId, ref, envelope, verified != null ? Set.of() : RECEIPTS_NOT_CHECKED);
                if (first.closed()) {
                    return acknowledged(cpaId, ref, PeerAnswers.Acknowledged.CLOSED);
                }
                referenced = referenced(signal, ref, first.named());
                if (referenced.sentHere().isPresent()
                        && first.named()
                                .map(StoredMessage::pk)
                                .equals(referenced.sentHere().map(StoredMessage::pk))) {
                    sentEnvelope = first.namedEnvelope();
                }
            }
            if (aboutAnotherCpa(signal, ref, referenced)) {
                return Effect.IGNORED;
            }
            Optional<String> refused = receiptProblem(signal, envelope, verified, referenced.sentHere(), sentEnvelope);
            if (refused.isPresent()) {
                return refuseReceipt(signal, ref, refused.get());
            }
            return close(cpaId, ref, envelope, carrier);
        }
        if (signal.isErrorMessage()) {
            String ref = signal.header().refToMessageId();
            String description = signal.errors().stream().map(Object::toString).collect(Collectors.joining("; "));
            Referenced referenced = referenced(signal, ref);
            Optional<StoredMessage> original = referenced.sentHere();
            if (aboutAnotherCpa(signal, ref, referenced)) {
                return Effect.IGNORED;
            }
            keep(signal, envelope);
            original.ifPresent(m -> {
                if (store.peerAnswers().refusedByPeer(m.pk(), "MessageError from peer: " + description)) {
                    events.failed(cpaId, m.action());
                }
            });
            if (original.isPresent()) {
                LOG.atWarn()
                        .addKeyValue("event", "message.error-received")
                        .addKeyValue("messageId", ref)
                        .addKeyValue("cpaId", cpaId)
                        .log("MessageError received: {}", description);
            } else {
                LOG.atWarn()
                        .addKeyValue("event", "error.unmatched")
                        .addKeyValue("refToMessageId", ref)
                        .addKeyValue("cpaId", cpaId)
                        .log("MessageError received about no message this gateway sent on the CPA: {}", description);
            }
            return Effect.FAILED;
        }
        keep(signal, envelope);
        LOG.atInfo()
                .addKeyValue("event", "signal.received")
                .addKeyValue("action", signal.header().action())
                .addKeyValue("refToMessageId", signal.header().refToMessageId())
                .addKeyValue("cpaId", cpaId)
                .log("signal received");
        return Effect.KEPT;
    }

    /**
     * Applies an Acknowledgment that passed its checks (with the attempt of {@code carrier} when it came back in the
     * response to a post) and lets go of what its receipt had to carry.
     */
    private Effect close(String cpaId, String ref, byte[] envelope, Carrier carrier) {
        PeerAnswers.Acknowledged acked = carrier == null
                ? store.peerAnswers().acknowledge(cpaId, ref, envelope)
                : store.peerAnswers()
                        .acknowledge(cpaId, ref, envelope, carrier.sent().pk(), carrier.attempt());
        if (security != null) {
            security.expectedReceipts().forget(cpaId, ref);
        }
        return acknowledged(cpaId, ref, acked);
    }

    /** An Acknowledgment whose signed receipt does not hold: logged, recorded against the message, not applied. */
    private Effect refuseReceipt(EbmsMessage signal, String ref, String problem) {
        String cpaId = signal.header().cpaId();
        LOG.atWarn()
                .addKeyValue("event", "receipt.refused")
                .addKeyValue("messageId", ValuePreview.of(ref))
                .addKeyValue("cpaId", cpaId)
                .log("signed receipt refused, the message stays unacknowledged: {}", problem);
        cpas.find(cpaId)
                .flatMap(cpa -> partyOf(cpa, signal.header().from()))
                .ifPresent(from -> refused(
                        signal,
                        from,
                        EbmsError.error(
                                ErrorCode.SecurityFailure, "//ds:Signature", "signed receipt refused: " + problem)));
        return Effect.IGNORED;
    }

    /** Logs and counts what an acknowledgment did; the effect it has for the caller. */
    private Effect acknowledged(String cpaId, String ref, PeerAnswers.Acknowledged acked) {
        LOG.atInfo()
                .addKeyValue(
                        "event",
                        switch (acked) {
                            case CLOSED -> "message.acknowledged";
                            case ALREADY_ENDED -> "ack.after-end";
                            case UNKNOWN -> "ack.unmatched";
                        })
                .addKeyValue("messageId", ValuePreview.of(ref))
                .addKeyValue("cpaId", cpaId)
                .log(
                        acked == PeerAnswers.Acknowledged.ALREADY_ENDED
                                ? "acknowledgment received for a message that had ended; nothing changed"
                                : "acknowledgment received");
        if (acked == PeerAnswers.Acknowledged.CLOSED) {
            events.acknowledged(cpaId);
        }
        return acked == PeerAnswers.Acknowledged.UNKNOWN ? Effect.IGNORED : Effect.ACKNOWLEDGED;
    }

    /**
     * The outbound message a signal's {@code ref} names: the one sent on the signal's CPA, if any, else one sent on
     * another CPA. One look-up by MessageId (outbound rows first) answers both in the usual case; only when it finds
     * the id sent on another CPA is the signal's own CPA asked as well.
     */
    private Referenced referenced(EbmsMessage signal, String ref) {
        if (ref == null) {
            return new Referenced(Optional.empty(), Optional.empty());
        }
        return referenced(signal, ref, store.messages().findByMessageId(ref));
    }

    /** As above, from {@code named}: the message the MessageId names, outbound rows first, already looked up. */
    private Referenced referenced(EbmsMessage signal, String ref, Optional<StoredMessage> named) {
        String cpaId = signal.header().cpaId();
        Optional<StoredMessage> sent = named.filter(m -> m.direction() == Direction.OUT);
        if (sent.isEmpty() || sent.get().cpaId().equals(cpaId)) {
            return new Referenced(sent, Optional.empty());
        }
        Optional<StoredMessage> here = store.messages().find(Direction.OUT, cpaId, ref);
        return new Referenced(here, here.isPresent() ? Optional.empty() : sent);
    }

    /** What a signal refers to: a message sent on its own CPA, or (only when there is none) one sent on another. */
    private record Referenced(Optional<StoredMessage> sentHere, Optional<StoredMessage> sentElsewhereOnly) {}

    /**
     * A signal on one CPA that refers to a message this gateway sent on another CPA: party B answering, on its own
     * CPA, for party A's message. It says nothing about that message (only A can acknowledge or refuse it), so it is
     * neither applied nor kept, and is logged as what it is rather than under the message it names.
     */
    private boolean aboutAnotherCpa(EbmsMessage signal, String ref, Referenced referenced) {
        if (referenced.sentElsewhereOnly().isEmpty()) {
            return false;
        }
        String cpaId = signal.header().cpaId();
        Optional<StoredMessage> sentElsewhere = referenced.sentElsewhereOnly();
        LOG.atWarn()
                .addKeyValue("event", "signal.cross-party-ignored")
                .addKeyValue("action", signal.header().action())
                .addKeyValue("signalCpaId", cpaId)
                .addKeyValue("from", signal.header().from())
                .addKeyValue("refToMessageId", ValuePreview.of(ref))
                .addKeyValue("messageCpaId", sentElsewhere.get().cpaId())
                .log(
                        "{} from {} on CPA {} refers to a message sent on CPA {}; ignored, that message is not affected",
                        signal.header().action(),
                        signal.header().from(),
                        cpaId,
                        sentElsewhere.get().cpaId());
        return true;
    }

    /**
     * Records that this node refused a signal from {@code sender} (a party of the signal's CPA, authenticated as the
     * From party), against the outbound message the signal refers to: only a message of the same CPA that was sent to
     * that party, so no party can annotate another party's message. Nothing is recorded when there is no such message.
     */
    public void refused(EbmsMessage signal, PartyId sender, EbmsError error) {
        String ref = signal.header().refToMessageId() != null
                ? signal.header().refToMessageId()
                : signal.acknowledgment() != null ? signal.acknowledgment().refToMessageId() : null;
        if (ref == null) {
            return;
        }
        Optional<StoredMessage> concerned = store.messages()
                .find(Direction.OUT, signal.header().cpaId(), ref)
                .filter(m -> m.toParty().equals(sender.toString()));
        if (concerned.isEmpty()) {
            return;
        }
        refusals.record(
                concerned.get().pk(),
                new RefusedSignal(
                        signal.header().messageId(),
                        signal.header().action(),
                        clock.instant(),
                        error.code().name(),
                        error.description()));
        LOG.atWarn()
                .addKeyValue("event", "signal.refused")
                .addKeyValue("messageId", ValuePreview.of(ref))
                .addKeyValue("signalMessageId", ValuePreview.of(signal.header().messageId()))
                .addKeyValue("action", signal.header().action())
                .addKeyValue("cpaId", signal.header().cpaId())
                .addKeyValue("errorCode", error.code())
                .log(
                        "the {} about this message was refused: {}",
                        signal.header().action(),
                        error.description());
    }

    /** The party of the CPA that a header's PartyId names (same value; same type unless one side leaves it out). */
    static Optional<PartyId> partyOf(Cpa cpa, PartyId named) {
        if (named == null) {
            return Optional.empty();
        }
        return cpa.parties().stream()
                .filter(p -> p.value().equals(named.value())
                        && (p.type() == null || named.type() == null || p.type().equals(named.type())))
                .findFirst();
    }

    /**
     * When the message asked for a signed receipt ({@code sentEnvelopeIfRead}: its envelope, when the caller read it
     * already), the acknowledgment must be signed by the peer's certificate from the
     * CPA and carry the references of what we sent; otherwise it does not count and the message is sent again.
     */
    private Optional<String> receiptProblem(
            EbmsMessage ack,
            byte[] ackEnvelope,
            Verified verified,
            Optional<StoredMessage> sent,
            byte[] sentEnvelopeIfRead) {
        boolean signedChannel = sent.flatMap(m -> Profile.fromCode(m.profile()))
                .map(Profile::signed)
                .orElse(false);
        if (!signedChannel) {
            // only signed channels ask for signed receipts: no need to read the sent envelope back (hot path)
            return Optional.empty();
        }
        Optional<ExpectedReceipts.Expected> kept =
                security.expectedReceipts().find(sent.get().cpaId(), sent.get().messageId());
        ExpectedReceipts.Expected expected;
        if (kept.isPresent()) {
            expected = kept.get();
        } else {
            byte[] sentEnvelope = sentEnvelopeIfRead != null
                    ? sentEnvelopeIfRead
                    : store.messages().envelope(sent.get().pk());
            try {
                expected = readBack(sentEnvelope);
            } catch (SecurityFailureException e) {
                return Optional.of(e.getMessage());
            } catch (Exception e) {
                return Optional.of("the sent message cannot be read back: " + e.getMessage());
            }
        }
        return receiptProblem(ack, ackEnvelope, verified, expected);
    }

    /**
     * Whether the acknowledgment holds as the receipt {@code expected} describes: nothing to check when no signed
     * receipt was asked; otherwise signed by the peer's certificate from the CPA and carrying the expected references.
     */
    private Optional<String> receiptProblem(
            EbmsMessage ack, byte[] ackEnvelope, Verified verified, ExpectedReceipts.Expected expected) {
        String cpaId = ack.header().cpaId();
        if (!expected.signedReceiptAsked()) {
            return Optional.empty();
        }
        Optional<Cpa> cpa = cpas.find(cpaId);
        Optional<X509Certificate> peerCertificate =
                cpa.flatMap(c -> c.signingCertificateOf(ack.header().from()));
        if (peerCertificate.isEmpty()) {
            return Optional.of("CPA " + cpaId + " names no signing certificate for "
                    + ack.header().from().value());
        }
        try {
            if (verified != null && verified.signature() != null) {
                security.checkReceipt(
                        expected.references(), verified.envelope(), verified.signature(), peerCertificate.get());
            } else {
                security.checkReceipt(
                        expected.references(),
                        ackEnvelope,
                        peerCertificate.get(),
                        cpa.get().certificatesOf(ack.header().from()));
            }
            return Optional.empty();
        } catch (SecurityFailureException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * What the receipt of a message must carry, read from its stored envelope: with StAX, not as a DOM tree, as only
     * the header and the signature's references are looked at.
     */
    private static ExpectedReceipts.Expected readBack(byte[] sentEnvelope) throws Exception {
        XmlElement sentRoot = XmlElement.parse(sentEnvelope);
        EbmsMessage original = new EnvelopeReader().read(sentRoot, List.of());
        boolean signedReceiptAsked =
                original.ackRequested() != null && original.ackRequested().signed();
        return new ExpectedReceipts.Expected(
                signedReceiptAsked, signedReceiptAsked ? ReceiptReferences.ofSignedEnvelope(sentRoot) : List.of());
    }

    private void keep(EbmsMessage signal, byte[] envelope) {
        try {
            store.messages()
                    .insert(OutboundMessages.record(signal, Direction.IN, MessageKind.SIGNAL, null, envelope), null);
        } catch (DuplicateMessageException e) {
            // the same signal twice: already kept
        }
    }
}
