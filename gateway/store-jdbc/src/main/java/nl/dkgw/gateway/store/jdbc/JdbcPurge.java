package nl.dkgw.gateway.store.jdbc;

import java.time.Instant;
import nl.dkgw.gateway.store.Purge;
import nl.dkgw.gateway.store.PurgeCounts;

/**
 * Removes what retention no longer needs: completed messages with their payloads and attempts, and of processed
 * inbound messages first the contents and later the row.
 */
final class JdbcPurge implements Purge {

    private static final String NO_TASK = "NOT EXISTS (SELECT 1 FROM delivery_task t WHERE t.message_pk = %s.id)";
    private static final String SENT_DONE = "direction = 'OUT' AND kind = 'USER' "
            + "AND status IN ('DELIVERED', 'ACKNOWLEDGED', 'FAILED') AND updated_at < ? AND " + NO_TASK;
    private static final String SIGNAL_DONE = "kind = 'SIGNAL' AND (direction = 'IN' "
            + "OR status IN ('DELIVERED', 'ACKNOWLEDGED', 'FAILED')) AND updated_at < ? AND " + NO_TASK;
    private static final String RECEIVED_DONE =
            "direction = 'IN' AND kind = 'USER' AND status = 'PROCESSED' " + "AND updated_at < ?";

    private final Jdbc jdbc;

    JdbcPurge(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Removes completed messages last changed before {@code olderThan}: outbound business messages that ended
     * (DELIVERED, ACKNOWLEDGED, FAILED) and signals, with their payloads and attempts; of inbound business messages the
     * application PROCESSED, the payloads and envelope. The row of a processed inbound message (its MessageId, which
     * duplicate elimination looks up) is deleted only when it is also older than {@code receivedIdsOlderThan}, which
     * the caller sets no later than the longest persist duration of its CPAs allows. Pending outbound and unprocessed
     * inbound messages are never touched. One transaction; a dry run counts and changes nothing.
     */
    @Override
    public PurgeCounts run(Instant olderThan, Instant receivedIdsOlderThan, boolean dryRun) {
        Instant idCutOff = receivedIdsOlderThan.isBefore(olderThan) ? receivedIdsOlderThan : olderThan;
        String sentDone = SENT_DONE.formatted("ebms_message");
        String signalDone = SIGNAL_DONE.formatted("ebms_message");
        return jdbc.inTransaction("purging messages", c -> {
            long payloads = Jdbc.number(
                    c,
                    "SELECT COUNT(*) AS n FROM ebms_payload p JOIN ebms_message m "
                            + "ON m.id = p.message_pk WHERE " + SENT_DONE.formatted("m") + " OR "
                            + SIGNAL_DONE.formatted("m")
                            + " OR " + RECEIVED_DONE,
                    olderThan,
                    olderThan,
                    olderThan);
            if (dryRun) {
                return new PurgeCounts(
                        Jdbc.number(c, "SELECT COUNT(*) AS n FROM ebms_message WHERE " + sentDone, olderThan),
                        Jdbc.number(c, "SELECT COUNT(*) AS n FROM ebms_message WHERE " + signalDone, olderThan),
                        Jdbc.number(
                                c,
                                "SELECT COUNT(*) AS n FROM ebms_message WHERE " + RECEIVED_DONE
                                        + " AND updated_at >= ? AND OCTET_LENGTH(envelope) > 0",
                                olderThan,
                                idCutOff),
                        Jdbc.number(c, "SELECT COUNT(*) AS n FROM ebms_message WHERE " + RECEIVED_DONE, idCutOff),
                        payloads);
            }
            long sent = Jdbc.execute(c, "DELETE FROM ebms_message WHERE " + sentDone, olderThan);
            long signals = Jdbc.execute(c, "DELETE FROM ebms_message WHERE " + signalDone, olderThan);
            long received = Jdbc.execute(c, "DELETE FROM ebms_message WHERE " + RECEIVED_DONE, idCutOff);
            Jdbc.execute(
                    c,
                    "DELETE FROM ebms_payload WHERE message_pk IN (SELECT id FROM ebms_message WHERE " + RECEIVED_DONE
                            + ")",
                    olderThan);
            long contents = Jdbc.execute(
                    c,
                    // with the envelope the Acknowledgment kept with it, once that one was posted (or given up)
                    "UPDATE ebms_message SET envelope = ?, ack_envelope = CASE WHEN ack_status = 'PENDING' "
                            + "THEN ack_envelope END WHERE " + RECEIVED_DONE + " AND OCTET_LENGTH(envelope) > 0",
                    new byte[0],
                    olderThan);
            return new PurgeCounts(sent, signals, contents, received, payloads);
        });
    }
}
