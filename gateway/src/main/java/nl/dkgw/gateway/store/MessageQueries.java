package nl.dkgw.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;

/** The read side for operators: message search, a message's payload list and signals, traffic per hour. */
public final class MessageQueries {

    public static final int MAX_LIMIT = 500;

    private final DataSource dataSource;

    public MessageQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Messages matching the query, newest first, at most {@code limit} (capped at {@value #MAX_LIMIT}). */
    public List<StoredMessage> search(MessageQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + MessageStore.MESSAGE_COLUMNS
                + " FROM ebms_message WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        equal(sql, args, "cpa_id", q.cpaId());
        equal(sql, args, "service", q.service());
        equal(sql, args, "action", q.action());
        equal(sql, args, "status", q.status() == null ? null : q.status().name());
        equal(sql, args, "direction", q.direction() == null ? null : q.direction().name());
        equal(sql, args, "kind", q.kind() == null ? null : q.kind().name());
        equal(sql, args, "message_id", q.messageId());
        equal(sql, args, "conversation_id", q.conversationId());
        if (q.party() != null) {
            String suffix = "%:" + q.party().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            sql.append(" AND (from_party = ? OR to_party = ? OR from_party LIKE ? ESCAPE '\\' "
                    + "OR to_party LIKE ? ESCAPE '\\')");
            args.add(q.party());
            args.add(q.party());
            args.add(suffix);
            args.add(suffix);
        }
        if (q.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(q.to());
        }
        if (q.before() != null) {
            sql.append(" AND id < ?");
            args.add(q.before());
        }
        int limit = Math.max(1, Math.min(q.limit(), MAX_LIMIT));
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        List<StoredMessage> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(MessageStore.message(rs));
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
    public List<PayloadInfo> payloadInfo(long pk) {
        List<PayloadInfo> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, content_id, content_type, OCTET_LENGTH(data) "
                     + "FROM ebms_payload WHERE message_pk = ? ORDER BY seq")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new PayloadInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("listing payloads of message " + pk, e);
        }
    }

    /** One payload part with its content, by position. */
    public Optional<Payload> payload(long pk, int index) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content_id, content_type, data FROM ebms_payload "
                     + "WHERE message_pk = ? AND seq = ?")) {
            ps.setLong(1, pk);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Payload(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading payload " + index + " of message " + pk, e);
        }
    }

    /** The signals (Acknowledgment, MessageError, StatusResponse) of the CPA that refer to a message, oldest first. */
    public List<StoredMessage> signalsAbout(String cpaId, String messageId) {
        List<StoredMessage> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + MessageStore.MESSAGE_COLUMNS + " FROM ebms_message "
                     + "WHERE kind = 'SIGNAL' AND cpa_id = ? AND ref_to_message_id = ? ORDER BY id")) {
            ps.setString(1, cpaId);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(MessageStore.message(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("reading signals about " + messageId, e);
        }
    }

    /**
     * Business messages created since {@code since}, counted per CPA, hour, direction and status. The hour is taken in
     * Java from each group's creation times rounded down, so the SQL stays the same on H2 and PostgreSQL.
     */
    public List<TrafficCount> trafficByHour(Instant since) {
        Map<String, long[]> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT cpa_id, direction, status, created_at FROM ebms_message "
                     + "WHERE kind = 'USER' AND created_at >= ?")) {
            ps.setObject(1, MessageStore.odt(since));
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant hour = MessageStore.instant(rs, 4).truncatedTo(ChronoUnit.HOURS);
                    String key = rs.getString(1) + "\u0000" + hour + "\u0000" + rs.getString(2) + "\u0000"
                            + rs.getString(3);
                    counts.computeIfAbsent(key, k -> new long[1])[0]++;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("counting traffic", e);
        }
        List<TrafficCount> result = new ArrayList<>();
        counts.forEach((key, n) -> {
            String[] p = key.split("\u0000");
            result.add(new TrafficCount(p[0], Instant.parse(p[1]), Direction.valueOf(p[2]), MessageStatus.valueOf(p[3]),
                    n[0]));
        });
        return result;
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            ps.setObject(i + 1, a instanceof Instant t ? MessageStore.odt(t) : a);
        }
    }
}
