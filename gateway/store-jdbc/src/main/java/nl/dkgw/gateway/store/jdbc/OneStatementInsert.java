package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.NewMessage;

/**
 * On PostgreSQL, a message's row with its parts, its delivery task and the reply stored with it (a received
 * message's Acknowledgment and that one's task) written by one statement: the row's INSERT as the first WITH clause,
 * returning the key the others take from it. Each statement is a round trip to the server, whose CPU per message was
 * more than either node's: a received message with its Acknowledgment took four (row, part, the reply's row, its
 * task), a submitted one three. Only for parts kept in their rows ({@link JdbcPayloads#allInRow}); a part streamed
 * into a large object takes statements of its own.
 */
final class OneStatementInsert {

    /** The keys the database gave the message and the reply (null without one). */
    record Keys(long message, Long reply) {}

    private OneStatementInsert() {}

    /**
     * Stores {@code message} (with {@code task} unless null) and {@code reply} (with {@code replyTask}, unless
     * null), rows created at {@code now}, in one statement on {@code c}; a unique violation fails the whole of it.
     */
    static Keys run(
            Connection c,
            JdbcDeliveryTasks tasks,
            NewMessage message,
            DeliveryTask task,
            Instant now,
            NewMessage reply,
            DeliveryTask replyTask)
            throws SQLException {
        WithClauses insert = new WithClauses().addReturning("m", JdbcMessages.rowInsertOf(message, now), "id");
        int seq = 0;
        for (Payload p : message.payloads()) {
            insert.add("p" + seq, JdbcPayloads.inRowInsertOf("(SELECT id FROM m)", seq, p));
            seq++;
        }
        if (task != null) {
            insert.add("t", tasks.insertOf(task, "(SELECT id FROM m)"));
        }
        if (reply == null) {
            return insert.then(new SqlStatement("SELECT id FROM m"))
                    .query(c, rs -> new Keys(rs.getLong("id"), null))
                    .get(0);
        }
        insert.addReturning("r", JdbcMessages.rowInsertOf(reply, now), "id");
        if (replyTask != null) {
            insert.add("rt", tasks.insertOf(replyTask, "(SELECT id FROM r)"));
        }
        return insert.then(new SqlStatement("SELECT m.id AS id, r.id AS reply_id FROM m CROSS JOIN r"))
                .query(c, rs -> new Keys(rs.getLong("id"), rs.getLong("reply_id")))
                .get(0);
    }
}
