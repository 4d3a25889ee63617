package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.Payloads;

/** The payload parts of messages (table ebms_payload), in the order they were given. */
final class JdbcPayloads implements Payloads {

    private final Jdbc jdbc;

    JdbcPayloads(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The parts of one message with their content, in order; empty once a purge removed them. */
    @Override
    public List<Payload> of(long messagePk) {
        return jdbc.withConnection("reading payloads of message " + messagePk, c -> of(c, messagePk));
    }

    /** The parts of one message, read on the caller's connection. */
    static List<Payload> of(Connection c, long messagePk) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT content_id, content_type, data FROM ebms_payload WHERE message_pk = ? ORDER BY seq",
                Rows.PAYLOAD,
                messagePk);
    }

    /** Stores the parts of a message being inserted, in its transaction. */
    static void insert(Connection c, long messagePk, List<Payload> payloads) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ebms_payload (message_pk, seq, content_id, content_type, data) VALUES (?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Payload p : payloads) {
                Jdbc.bind(ps, messagePk, seq++, p.contentId(), p.contentType(), p.data());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
