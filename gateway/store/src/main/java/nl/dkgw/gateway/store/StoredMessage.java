package nl.dkgw.gateway.store;

import java.time.Instant;

/** A message row: what the gateway knows about one message it sent or received (without envelope and payloads);
 * {@code sourceId} is the id of the source event an outbound message was made from, when it was given. */
public record StoredMessage(
        long pk,
        Direction direction,
        MessageKind kind,
        String messageId,
        String cpaId,
        String conversationId,
        String refToMessageId,
        String fromParty,
        String fromRole,
        String toParty,
        String toRole,
        String service,
        String action,
        String profile,
        MessageStatus status,
        String statusDetail,
        Instant createdAt,
        Instant updatedAt,
        String sourceId) {

    /** A row without a source id (messages not made from a flow's source event). */
    public StoredMessage(
            long pk,
            Direction direction,
            MessageKind kind,
            String messageId,
            String cpaId,
            String conversationId,
            String refToMessageId,
            String fromParty,
            String fromRole,
            String toParty,
            String toRole,
            String service,
            String action,
            String profile,
            MessageStatus status,
            String statusDetail,
            Instant createdAt,
            Instant updatedAt) {
        this(
                pk,
                direction,
                kind,
                messageId,
                cpaId,
                conversationId,
                refToMessageId,
                fromParty,
                fromRole,
                toParty,
                toRole,
                service,
                action,
                profile,
                status,
                statusDetail,
                createdAt,
                updatedAt,
                null);
    }
}
