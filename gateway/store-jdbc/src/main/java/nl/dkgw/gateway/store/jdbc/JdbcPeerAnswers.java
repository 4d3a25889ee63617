package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.PeerAnswers;
import nl.dkgw.gateway.store.PeerAnswers.Acknowledged;

/**
 * What the peer's signals do to the outbound message they name: an Acknowledgment closes it, a MessageError fails
 * it. Each is one conditional UPDATE whose WHERE holds the status the message must still be in, so an answer racing a
 * final failure, another node's attempt or the same answer twice changes the message once.
 */
final class JdbcPeerAnswers implements PeerAnswers {

    /**
     * The closing UPDATE of outbound message (CPA, MessageId) by an Acknowledgment on {@code product}: receipt, time,
     * CPA, MessageId. Each database gets the form whose plan, made while the table is young and never analyzed, still
     * finds the message by the unique key (MessageId, direction, CPA); such a plan is kept and reused
     * ({@code MessageIdLookupPlanTest} makes it on both).
     *
     * <p>On PostgreSQL it names no direction (only an outbound message is ever PENDING or DELIVERED): with
     * {@code direction = 'OUT'} a node's connections ran a generic plan made with a few hundred rows that served it
     * from the route index (direction, kind, status, CPA, action) at the same estimated cost, reading the index entries
     * of the CPA's unfinished messages for every Acknowledgment (2.5 times the statement's time in one benchmark run).
     * H2 needs the direction: without it, with fewer rows than its first automatic ANALYZE, it chose the CPA index
     * (CPA, id) and read every message of the CPA for each Acknowledgment.
     */
    static String close(DatabaseProduct product) {
        return "UPDATE ebms_message SET status = 'ACKNOWLEDGED', receipt = ?, status_detail = NULL, updated_at = ? WHERE "
                + (product == DatabaseProduct.POSTGRESQL ? "" : "direction = 'OUT' AND ")
                + "cpa_id = ? AND message_id = ? AND status IN ('PENDING', 'DELIVERED')";
    }

    /** {@link #close} for a message sent on one of {@code profiles} (that many parameters after the MessageId). */
    static String closeRestrictedTo(DatabaseProduct product, int profiles) {
        return close(product) + " AND profile IN (" + String.join(", ", Collections.nCopies(profiles, "?")) + ")";
    }

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcPeerAnswers(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * An acknowledgment arrived for an outbound message: close it and keep the receipt, if it is PENDING or
     * DELIVERED. The delivery task goes only when the message was closed. When nothing was closed, a look-up in the
     * same transaction tells an ended message from an unknown one; it decides nothing.
     */
    @Override
    public Acknowledged acknowledge(String cpaId, String refToMessageId, byte[] receipt) {
        return jdbc.inSharedTransaction(
                "acknowledging message " + refToMessageId, c -> acknowledge(c, cpaId, refToMessageId, receipt));
    }

    /** The acknowledgment and the attempt whose response carried it, in one transaction. */
    @Override
    public Acknowledged acknowledge(
            String cpaId, String refToMessageId, byte[] receipt, long messagePk, DeliveryAttempt carriedBy) {
        return jdbc.inSharedTransaction("acknowledging message " + refToMessageId + " with its attempt", c -> {
            Acknowledged acked = acknowledge(c, cpaId, refToMessageId, receipt);
            if (acked != Acknowledged.UNKNOWN) {
                JdbcDeliveryAttempts.insert(c, messagePk, carriedBy);
            }
            return acked;
        });
    }

    /**
     * The closing UPDATE with the profile among its conditions; when it counts nothing, the look-up by MessageId
     * (outbound rows first) in the same transaction: one round trip either way.
     */
    @Override
    public FirstAnswer acknowledgeUnchecked(String cpaId, String refToMessageId, byte[] receipt, Set<String> profiles) {
        return jdbc.inSharedTransaction("acknowledging message " + refToMessageId, c -> {
            if (!profiles.isEmpty()) {
                List<Object> args = new ArrayList<>();
                args.add(receipt);
                args.add(clock.instant());
                args.add(cpaId);
                args.add(refToMessageId);
                args.addAll(profiles);
                DatabaseProduct product = jdbc.product(c);
                boolean closed = closesWithItsTask(
                        c, product, closeRestrictedTo(product, profiles.size()), args.toArray(), cpaId, refToMessageId);
                if (closed) {
                    return FirstAnswer.closedIt();
                }
            }
            List<FirstAnswer> named = Jdbc.query(
                    c,
                    "SELECT " + Rows.MESSAGE_COLUMNS + ", envelope FROM ebms_message WHERE message_id = ? "
                            + "ORDER BY direction DESC",
                    rs -> FirstAnswer.leftToTheCaller(Rows.MESSAGE.map(rs), rs.getBytes("envelope")),
                    refToMessageId);
            return named.isEmpty() ? FirstAnswer.leftToTheCaller(null, null) : named.get(0);
        });
    }

    /**
     * Runs {@code close} (made for {@code product}), an UPDATE of the outbound message {@code cpaId}/{@code
     * refToMessageId} (at most one row), and when it closed the message drops its delivery task: whether it did. On
     * PostgreSQL that is one statement (the UPDATE in a WITH clause whose RETURNING names the task to delete), so one
     * round trip instead of two.
     */
    private static boolean closesWithItsTask(
            Connection c, DatabaseProduct product, String close, Object[] args, String cpaId, String refToMessageId)
            throws SQLException {
        if (product == DatabaseProduct.POSTGRESQL) {
            return new WithClauses()
                            .addReturning("closed", new SqlStatement(close, args), "id")
                            .add(
                                    "task",
                                    new SqlStatement(
                                            "DELETE FROM delivery_task WHERE message_pk IN (SELECT id FROM closed)"))
                            .then(new SqlStatement("SELECT COUNT(*) AS n FROM closed"))
                            .query(c, rs -> rs.getLong("n"))
                            .get(0)
                    == 1;
        }
        boolean closed = Jdbc.execute(c, close, args) == 1;
        if (closed) {
            deleteTask(c, cpaId, refToMessageId);
        }
        return closed;
    }

    private static void deleteTask(Connection c, String cpaId, String refToMessageId) throws SQLException {
        Jdbc.execute(
                c,
                "DELETE FROM delivery_task WHERE message_pk = (SELECT id FROM ebms_message "
                        + "WHERE direction = 'OUT' AND cpa_id = ? AND message_id = ?)",
                cpaId,
                refToMessageId);
    }

    private Acknowledged acknowledge(Connection c, String cpaId, String refToMessageId, byte[] receipt)
            throws SQLException {
        DatabaseProduct product = jdbc.product(c);
        boolean closed = closesWithItsTask(
                c,
                product,
                close(product),
                new Object[] {receipt, clock.instant(), cpaId, refToMessageId},
                cpaId,
                refToMessageId);
        if (closed) {
            return Acknowledged.CLOSED;
        }
        boolean known = Jdbc.number(
                        c,
                        "SELECT COUNT(*) AS n FROM ebms_message WHERE direction = 'OUT' "
                                + "AND cpa_id = ? AND message_id = ?",
                        cpaId,
                        refToMessageId)
                > 0;
        return known ? Acknowledged.ALREADY_ENDED : Acknowledged.UNKNOWN;
    }

    /**
     * The peer answered an outbound message with a MessageError: it ends as FAILED, whether it was still waiting
     * (PENDING) or already counted as DELIVERED (a best-effort message the peer refused asynchronously). False when
     * it had ended otherwise (acknowledged, failed before); then its task is left alone too.
     */
    @Override
    public boolean refusedByPeer(long pk, String detail) {
        return jdbc.inSharedTransaction("failing message " + pk, c -> {
            boolean failed = Jdbc.execute(
                            c,
                            "UPDATE ebms_message SET status = 'FAILED', status_detail = ?, "
                                    + "updated_at = ? WHERE id = ? AND status IN ('PENDING', 'DELIVERED')",
                            Jdbc.detail(detail),
                            clock.instant(),
                            pk)
                    == 1;
            if (failed) {
                JdbcDeliveryTasks.delete(c, pk);
            }
            return failed;
        });
    }
}
