package nl.dkgw.gateway.store;

import java.time.Instant;

/** A message row: what the gateway knows about one message it sent or received (without envelope and payloads). */
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
        Instant updatedAt) {
}
