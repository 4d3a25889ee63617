package nl.dkgw.gateway.store;

import java.util.List;

/**
 * Outbound business messages that finally failed, and whether the sending side was told: a failure counts as
 * reported once, decided by a conditional change.
 */
public interface FailureReports {

    /**
     * Outbound business messages that finally failed, narrowed to a CPA, service and action, with a key above
     * {@code afterPk}, oldest first: a page; the next page starts after the last key of this one.
     */
    List<StoredMessage> listFailed(RouteFilter filter, long afterPk, int limit);

    /** Whether the failure of an outbound message was reported ({@link #markReported}). */
    boolean isReported(long pk);

    /**
     * Records that the failure of an outbound message was reported and drops its route claim; false when it was
     * reported before or the message is not FAILED (a resend made it PENDING again).
     */
    boolean markReported(long pk);
}
