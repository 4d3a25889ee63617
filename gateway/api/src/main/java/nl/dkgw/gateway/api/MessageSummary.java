package nl.dkgw.gateway.api;

import java.time.Instant;

/**
 * One message as the gateway keeps it, without its envelope and payloads: who, what, and where it stands. {@code pk}
 * is the node's key for the message; the claim, fetch and complete calls of the API take it.
 */
public record MessageSummary(
        long pk,
        Direction direction,
        Kind kind,
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
        Status status,
        String statusDetail,
        Instant createdAt,
        Instant updatedAt,
        String sourceId) {

    /** Sent by this node (OUT) or received from a peer (IN). */
    public enum Direction {
        OUT,
        IN
    }

    /** A business message (USER) or an MSH signal (SIGNAL). */
    public enum Kind {
        USER,
        SIGNAL
    }

    /**
     * Outbound: PENDING until it ends ACKNOWLEDGED, DELIVERED (best effort) or FAILED. Inbound: RECEIVED until the
     * application completed it (PROCESSED).
     */
    public enum Status {
        PENDING,
        DELIVERED,
        ACKNOWLEDGED,
        FAILED,
        RECEIVED,
        PROCESSED;

        /** Whether the message has ended: nothing more happens to it. */
        public boolean isFinal() {
            return this == DELIVERED || this == ACKNOWLEDGED || this == FAILED || this == PROCESSED;
        }
    }
}
