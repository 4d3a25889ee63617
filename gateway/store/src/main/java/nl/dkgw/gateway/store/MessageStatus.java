package nl.dkgw.gateway.store;

/**
 * The life of a message in this gateway.
 * Outbound: PENDING until DELIVERED (best effort, accepted by the peer), ACKNOWLEDGED (reliable) or FAILED.
 * Inbound: RECEIVED until the application marks it PROCESSED.
 */
public enum MessageStatus {
    PENDING,
    DELIVERED,
    ACKNOWLEDGED,
    FAILED,
    RECEIVED,
    PROCESSED;

    public boolean isFinal() {
        return this == DELIVERED || this == ACKNOWLEDGED || this == FAILED || this == PROCESSED;
    }
}
