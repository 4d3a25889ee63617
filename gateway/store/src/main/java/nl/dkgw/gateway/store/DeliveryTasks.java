package nl.dkgw.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outstanding deliveries of outbound messages: which node may post a message now (claims on leases), when it is
 * tried again, and how the delivery ends. Every change that decides something is conditional on the state it
 * expects, so two nodes, or an attempt and an acknowledgment, never both win.
 */
public interface DeliveryTasks {

    /**
     * Claims up to {@code limit} due delivery tasks for {@code nodeId} for {@code lease}. A task is due when its next
     * attempt time has come and nobody holds a live lease on it; "now" is the {@link DatabaseClock}, so nodes whose
     * clocks differ still agree on which leases have run out. Two nodes never claim the same task.
     */
    List<DeliveryTask> claimDue(String nodeId, Duration lease, int limit);

    /**
     * As {@link #claimDue}, reading each claimed message to post ({@link Messages#toPost}) in the same unit of work:
     * one round trip per poll instead of one per claimed message.
     */
    List<ClaimedDelivery> claimDueToPost(String nodeId, Duration lease, int limit);

    /** Gives up the leases {@code nodeId} held on delivery tasks (at start-up after a crash); how many it held. */
    int releaseClaims(String nodeId);

    /**
     * Records an attempt and schedules the next one {@code retryAfter} from now on the {@link DatabaseClock} (or keeps
     * the task waiting for an acknowledgment). False when {@code nodeId} no longer holds the task (its lease ran out
     * and another node claimed it, or the message ended meanwhile): the attempt is recorded, the schedule is not
     * touched.
     */
    boolean attemptFinished(long pk, String nodeId, DeliveryAttempt attempt, Duration retryAfter);

    /**
     * Records the attempt that ended the delivery (if any) and closes the message with {@code status}, if it is
     * still PENDING: false when it had ended meanwhile (e.g. an acknowledgment came in during the attempt), which
     * then stands. The task goes either way.
     */
    boolean deliveryEnded(long pk, DeliveryAttempt attempt, MessageStatus status, String detail);

    /**
     * Gives a FAILED outbound business message a new delivery task: it goes back to PENDING and is posted again as
     * stored (same MessageId, so the peer's duplicate elimination recognises it if it had received it); a later final
     * failure is reported again. False when the message is not a FAILED outbound business message (then nothing
     * changes).
     */
    boolean resend(long pk, DeliveryTask task, String detail);

    /** Drops the task of a message that needs no delivery any more; false when it had none. */
    boolean delete(long pk);

    Optional<DeliveryTask> find(long pk);

    /** Number of delivery tasks not yet finished. */
    long pending();

    /** When the oldest business message still to be delivered (or acknowledged) was submitted. */
    Optional<Instant> oldestPendingSince();
}
