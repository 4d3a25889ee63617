package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryAttempts;

/** The record of every post of an outbound message to its peer (table delivery_attempt): one row per attempt. */
final class JdbcDeliveryAttempts implements DeliveryAttempts {

    private final Jdbc jdbc;

    JdbcDeliveryAttempts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an attempt without touching the task (which an acknowledgment may already have closed). */
    @Override
    public void record(long messagePk, DeliveryAttempt attempt) {
        jdbc.inSharedTransaction("recording an attempt of message " + messagePk, c -> {
            insert(c, messagePk, attempt);
            return null;
        });
    }

    /** The attempts of one message, in the order they were made. */
    @Override
    public List<DeliveryAttempt> of(long messagePk) {
        return jdbc.query(
                "reading attempts of message " + messagePk,
                "SELECT attempt_no, node_id, started_at, "
                        + "duration_ms, endpoint, http_status, outcome, detail FROM delivery_attempt WHERE message_pk = ? "
                        + "ORDER BY id",
                Rows.ATTEMPT,
                messagePk);
    }

    /** Records an attempt in the caller's transaction (the one that also ends or reschedules the delivery). */
    static void insert(Connection c, long messagePk, DeliveryAttempt a) throws SQLException {
        insertOf(messagePk, a).execute(c);
    }

    /** The INSERT of attempt {@code a} of message {@code messagePk}. */
    static SqlStatement insertOf(long messagePk, DeliveryAttempt a) {
        return new SqlStatement(
                "INSERT INTO delivery_attempt (message_pk, attempt_no, node_id, started_at, duration_ms, endpoint, "
                        + "http_status, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                messagePk,
                a.attemptNo(),
                a.nodeId(),
                a.startedAt(),
                a.durationMs(),
                a.endpoint(),
                a.httpStatus(),
                a.outcome(),
                Jdbc.detail(a.detail()));
    }
}
