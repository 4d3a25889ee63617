package nl.dkgw.gateway.msh;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;

/** Builds the MSH signals that answer a received message: Acknowledgment, MessageError, Pong, StatusResponse. */
public final class SignalFactory {

    private static final PartyId UNKNOWN_PARTY = new PartyId(null, "unknown");

    private final MessageIds messageIds;
    private final Clock clock;

    public SignalFactory(MessageIds messageIds) {
        this(messageIds, Clock.systemUTC());
    }

    /** Signals whose timestamps come from {@code clock}. */
    public SignalFactory(MessageIds messageIds, Clock clock) {
        this.messageIds = messageIds;
        this.clock = clock;
    }

    public EbmsMessage acknowledgment(MessageHeader received) {
        Instant now = clock.instant();
        return new EbmsMessage(
                reply(received, "Acknowledgment", now),
                null,
                false,
                null,
                new EbmsMessage.Acknowledgment(now, received.messageId()),
                List.of(),
                null,
                null,
                null,
                List.of());
    }

    public EbmsMessage messageError(MessageHeader received, List<EbmsError> errors) {
        return new EbmsMessage(
                reply(received, "MessageError", clock.instant()),
                null,
                false,
                null,
                null,
                errors,
                null,
                null,
                null,
                List.of());
    }

    public EbmsMessage pong(MessageHeader ping) {
        return new EbmsMessage(
                reply(ping, "Pong", clock.instant()), null, false, null, null, List.of(), null, null, null, List.of());
    }

    public EbmsMessage statusResponse(MessageHeader request, String refToMessageId, String status, Instant timestamp) {
        return new EbmsMessage(
                reply(request, "StatusResponse", clock.instant()),
                null,
                false,
                null,
                null,
                List.of(),
                null,
                null,
                new EbmsMessage.StatusResponse(refToMessageId, status, timestamp),
                List.of());
    }

    /** A signal request (Ping, StatusRequest) from {@code from} to {@code to} within a CPA. */
    public EbmsMessage request(
            String cpaId,
            PartyId from,
            String fromRole,
            PartyId to,
            String toRole,
            String action,
            String statusRequestRef,
            boolean syncReply) {
        String id = messageIds.next();
        MessageHeader header = new MessageHeader(
                cpaId,
                id,
                from,
                fromRole,
                to,
                toRole,
                Namespaces.MSH_SERVICE,
                null,
                action,
                id,
                clock.instant(),
                null,
                null,
                false);
        return new EbmsMessage(header, null, syncReply, null, null, List.of(), null, statusRequestRef, null, List.of());
    }

    /**
     * The header of a signal answering {@code received}: the parties and roles swapped, in the same CPA and
     * conversation. What the received message lacked (an unreadable request has no header at all) is "unknown" where
     * the schema requires a value, and left out where it is optional (Role, RefToMessageId).
     */
    private MessageHeader reply(MessageHeader received, String action, Instant now) {
        PartyId from = received.to() == null ? UNKNOWN_PARTY : received.to();
        PartyId to = received.from() == null ? UNKNOWN_PARTY : received.from();
        return new MessageHeader(
                orUnknown(received.cpaId()),
                orUnknown(received.conversationId()),
                from,
                received.toRole(),
                to,
                received.fromRole(),
                Namespaces.MSH_SERVICE,
                null,
                action,
                messageIds.next(),
                now,
                received.messageId(),
                null,
                false);
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
