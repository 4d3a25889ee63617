package nl.dkgw.gateway.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The outstanding delivery of one outbound message. {@code heldBy} and {@code heldFor}, when given, claim the task for
 * that node from the moment it is stored (a lease of {@code heldFor} on the database's clock), so the node can post it
 * at once without claiming it first; a task read back from the store has neither.
 */
public record DeliveryTask(
        long messagePk,
        String endpoint,
        Instant nextAttemptAt,
        int attempts,
        int maxAttempts,
        Duration retryInterval,
        Instant deadline,
        boolean reliable,
        String heldBy,
        Duration heldFor) {

    public DeliveryTask {
        if ((heldBy == null) != (heldFor == null)) {
            throw new IllegalArgumentException("a task held at insert names both the node and the lease");
        }
    }

    /** A task nobody holds yet: the delivery pollers claim it when it is due. */
    public DeliveryTask(
            long messagePk,
            String endpoint,
            Instant nextAttemptAt,
            int attempts,
            int maxAttempts,
            Duration retryInterval,
            Instant deadline,
            boolean reliable) {
        this(messagePk, endpoint, nextAttemptAt, attempts, maxAttempts, retryInterval, deadline, reliable, null, null);
    }

    /** This task, claimed by {@code nodeId} for {@code lease} as it is stored. */
    public DeliveryTask heldAtInsertBy(String nodeId, Duration lease) {
        return new DeliveryTask(
                messagePk,
                endpoint,
                nextAttemptAt,
                attempts,
                maxAttempts,
                retryInterval,
                deadline,
                reliable,
                nodeId,
                lease);
    }

    /** This task as stored under {@code pk}. */
    public DeliveryTask of(long pk) {
        return new DeliveryTask(
                pk, endpoint, nextAttemptAt, attempts, maxAttempts, retryInterval, deadline, reliable, heldBy, heldFor);
    }
}
