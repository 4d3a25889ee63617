package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.NewMessage;

/**
 * On PostgreSQL, a message's row with its parts, its delivery task, or the Acknowledgment kept with it and that one's
 * task, written by one statement: the row's INSERT as the first WITH clause, returning the key the others take from
 * it. Each statement is a round trip to the server, whose CPU per message was more than either node's: a received
 * message with its Acknowledgment took four (row, part, the Acknowledgment's row, its task), a submitted one three.
 * Only for parts kept in their rows ({@link JdbcPayloads#allInRow}); a part streamed into a large object takes
 * statements of its own.
 */
final class OneStatementInsert {

    private OneStatementInsert() {}

    /**
     * Stores {@code message} (with {@code task} unless null) and the Acknowledgment {@code ack} kept in its row (with
     * {@code ackTask} keyed by the message, unless null), rows created at {@code now}, in one statement on {@code c};
     * a unique violation fails the whole of it. The message's key.
     */
    static long run(
            Connection c,
            JdbcDeliveryTasks tasks,
            NewMessage message,
            DeliveryTask task,
            Instant now,
            NewMessage ack,
            DeliveryTask ackTask)
            throws SQLException {
        WithClauses insert = new WithClauses().addReturning("m", JdbcMessages.rowInsertOf(message, now, ack), "id");
        int seq = 0;
        for (Payload p : message.payloads()) {
            insert.add("p" + seq, JdbcPayloads.inRowInsertOf("(SELECT id FROM m)", seq, p));
            seq++;
        }
        if (task != null) {
            insert.add("t", tasks.insertOf(task, "(SELECT id FROM m)"));
        }
        if (ack != null && ackTask != null) {
            insert.add("at", tasks.insertOf(ackTask, "(SELECT id FROM m)"));
        }
        return insert.then(new SqlStatement("SELECT id FROM m"))
                .query(c, rs -> rs.getLong("id"))
                .get(0);
    }
}
