package nl.dkgw.gateway.store;

import java.time.Instant;

/**
 * Removes what retention no longer needs: completed messages with their payloads and attempts, and of processed
 * inbound messages first the contents and later the row.
 */
public interface Purge {

    /** {@link #run(Instant, Instant, boolean)} with one cut-off for contents and received MessageIds alike. */
    default PurgeCounts run(Instant olderThan, boolean dryRun) {
        return run(olderThan, olderThan, dryRun);
    }

    /**
     * Removes completed messages last changed before {@code olderThan}: outbound business messages that ended
     * (DELIVERED, ACKNOWLEDGED, FAILED) and signals, with their payloads and attempts; of inbound business messages the
     * application PROCESSED, the payloads and envelope. The row of a processed inbound message (its MessageId, which
     * duplicate elimination looks up) is deleted only when it is also older than {@code receivedIdsOlderThan}, which
     * the caller sets no later than the longest persist duration of its CPAs allows. Pending outbound and unprocessed
     * inbound messages are never touched. All or nothing; a dry run counts and changes nothing.
     */
    PurgeCounts run(Instant olderThan, Instant receivedIdsOlderThan, boolean dryRun);
}
