package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.MessageQueries;
import nl.dkgw.gateway.store.MessageQuery;
import nl.dkgw.gateway.store.PayloadInfo;
import nl.dkgw.gateway.store.StoreException;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.TrafficCount;

/** The read side for operators: message search, a message's payload list and signals, traffic per hour. */
public final class JdbcMessageQueries implements MessageQueries {

    private final DataSource dataSource;
    private final JdbcPayloads payloads;

    /** Large payload parts open without bound: for a store used on its own (tests, tools). */
    public JdbcMessageQueries(DataSource dataSource) {
        this(dataSource, PartStreamLimit.none());
    }

    /** Large payload parts open within {@code partStreams}, the bound the node's store shares. */
    public JdbcMessageQueries(DataSource dataSource, PartStreamLimit partStreams) {
        this.dataSource = dataSource;
        this.payloads = new JdbcPayloads(new Jdbc(dataSource, partStreams));
    }

    /**
     * Messages matching the query, newest first, at most {@code limit} (capped at {@value #MAX_LIMIT}). A time window
     * is read as a range of ids ({@link CreationIdBound}), there being no index on the creation time.
     */
    @Override
    public List<StoredMessage> search(MessageQuery q) {
        try (Connection c = dataSource.getConnection()) {
            StringBuilder sql = new StringBuilder("SELECT " + Rows.MESSAGE_COLUMNS + " FROM ebms_message WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            equal(sql, args, "cpa_id", q.cpaId());
            equal(sql, args, "service", q.service());
            equal(sql, args, "action", q.action());
            equal(sql, args, "status", q.status() == null ? null : q.status().name());
            equal(
                    sql,
                    args,
                    "direction",
                    q.direction() == null ? null : q.direction().name());
            equal(sql, args, "kind", q.kind() == null ? null : q.kind().name());
            equal(sql, args, "message_id", q.messageId());
            equal(sql, args, "conversation_id", q.conversationId());
            if (q.party() != null) {
                String suffix = "%:"
                        + q.party().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                sql.append(" AND (from_party = ? OR to_party = ? OR from_party LIKE ? ESCAPE '\\' "
                        + "OR to_party LIKE ? ESCAPE '\\')");
                args.add(q.party());
                args.add(q.party());
                args.add(suffix);
                args.add(suffix);
            }
            if (q.from() != null) {
                sql.append(" AND id >= ? AND created_at >= ?");
                args.add(CreationIdBound.atOrAfter(c, q.from()));
                args.add(q.from());
            }
            if (q.to() != null) {
                sql.append(" AND id < ? AND created_at < ?");
                args.add(CreationIdBound.before(c, q.to()));
                args.add(q.to());
            }
            if (q.before() != null) {
                sql.append(" AND id < ?");
                args.add(q.before());
            }
            int limit = Math.max(1, Math.min(q.limit(), MAX_LIMIT));
            sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
            List<StoredMessage> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(Rows.MESSAGE.map(rs));
                    }
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("searching messages", e);
        }
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null && !value.isEmpty()) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    /** The payload parts of a message, without their content. */
    @Override
    public List<PayloadInfo> payloadInfo(long pk) {
        List<PayloadInfo> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, content_id, content_type, size_bytes "
                        + "FROM ebms_payload WHERE message_pk = ? ORDER BY seq")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(Rows.PAYLOAD_INFO.map(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("listing payloads of message " + pk, e);
        }
    }

    /**
     * One payload part by position: a small one with its bytes, a larger one opened from the store when it is read
     * (the stream holds a pooled connection until it is closed).
     */
    @Override
    public Optional<Payload> payload(long pk, int index) {
        try (Connection c = dataSource.getConnection()) {
            return payloads.part(c, pk, index);
        } catch (SQLException e) {
            throw new StoreException("reading payload " + index + " of message " + pk, e);
        }
    }

    /**
     * The signals (Acknowledgment, MessageError, StatusResponse) of the CPA that refer to a message, oldest first: an
     * Acknowledgment kept with the received message it answers first ({@link KeptAcknowledgment}, under that
     * message's key), then the signal rows.
     */
    @Override
    public List<StoredMessage> signalsAbout(String cpaId, String messageId) {
        try (Connection c = dataSource.getConnection()) {
            List<StoredMessage> result = new ArrayList<>(KeptAcknowledgment.about(c, cpaId, messageId));
            result.addAll(signalRowsAbout(c, cpaId, messageId));
            return result;
        } catch (SQLException e) {
            throw new StoreException("reading signals about " + messageId, e);
        }
    }

    /**
     * The signal rows of a CPA that refer to a message. {@code kind = 'SIGNAL'} is written out, not a parameter: on
     * PostgreSQL the RefToMessageId index holds signal rows only (migration V16) and serves a query that names them.
     */
    static final String SIGNAL_ROWS_ABOUT = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM ebms_message "
            + "WHERE kind = 'SIGNAL' AND cpa_id = ? AND ref_to_message_id = ? ORDER BY id";

    private static List<StoredMessage> signalRowsAbout(Connection c, String cpaId, String messageId)
            throws SQLException {
        List<StoredMessage> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SIGNAL_ROWS_ABOUT)) {
            ps.setString(1, cpaId);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(Rows.MESSAGE.map(rs));
                }
            }
            return result;
        }
    }

    /** The hour a message was created in, as whole hours since the epoch in UTC: the same on H2 and PostgreSQL,
     *  whatever the session's time zone. */
    private static final String HOUR_NUMBER = "FLOOR(EXTRACT(EPOCH FROM created_at) / 3600)";

    /** The order of {@link #trafficByHour(Instant)}: CPA, hour, direction, status, compared as Java compares them
     *  (not by the database's collation). */
    private static final Comparator<TrafficCount> TRAFFIC_ORDER = Comparator.comparing(TrafficCount::cpaId)
            .thenComparing(TrafficCount::hour)
            .thenComparing(c -> c.direction().name())
            .thenComparing(c -> c.status().name());

    /**
     * Business messages created since {@code since}, counted per CPA, hour, direction and status, ordered by them. The
     * database counts (one row per group comes back, not one per message); the hour is taken in UTC. The rows are read
     * as a range of ids ({@link CreationIdBound}).
     */
    @Override
    public List<TrafficCount> trafficByHour(Instant since) {
        List<TrafficCount> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT cpa_id, " + HOUR_NUMBER + " AS hour_number, direction, "
                                + "status, COUNT(*) AS message_count FROM ebms_message WHERE id >= ? AND kind = 'USER' "
                                + "AND created_at >= ? GROUP BY cpa_id, " + HOUR_NUMBER + ", direction, status")) {
            ps.setLong(1, CreationIdBound.atOrAfter(c, since));
            ps.setObject(2, Jdbc.odt(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(Rows.TRAFFIC.map(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("counting traffic", e);
        }
        result.sort(TRAFFIC_ORDER);
        return result;
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            ps.setObject(i + 1, a instanceof Instant t ? Jdbc.odt(t) : a);
        }
    }
}
