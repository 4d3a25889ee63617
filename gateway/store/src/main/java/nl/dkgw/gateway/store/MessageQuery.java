package nl.dkgw.gateway.store;

import java.time.Instant;

/**
 * A search over stored messages; every field is optional (null: no filter). {@code party} matches either party of
 * the message (its From or To PartyId, or a PartyId ending in ":" + party, so a bare OIN matches). {@code before} is
 * the keyset cursor: only messages with a smaller row id, so pages stay stable while new messages arrive.
 */
public record MessageQuery(
        String cpaId,
        String party,
        String service,
        String action,
        MessageStatus status,
        Direction direction,
        MessageKind kind,
        String messageId,
        String conversationId,
        Instant from,
        Instant to,
        Long before,
        int limit) {}
