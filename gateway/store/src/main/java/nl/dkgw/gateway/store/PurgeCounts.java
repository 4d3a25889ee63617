package nl.dkgw.gateway.store;

/**
 * What a purge removed (or, in a dry run, would remove).
 *
 * @param sentMessages      outbound business messages in a final state, deleted with their payloads and attempts
 * @param signals           signals (acknowledgments, errors, pongs...) sent or received, deleted
 * @param receivedContents  processed inbound messages whose payloads and envelope were emptied; the row (MessageId)
 *                          stays for duplicate elimination
 * @param receivedMessages  processed inbound messages deleted entirely (past both the retention period and every
 *                          CPA's persist duration)
 * @param payloads          payload parts deleted (of all of the above)
 */
public record PurgeCounts(
        long sentMessages, long signals, long receivedContents, long receivedMessages, long payloads) {}
