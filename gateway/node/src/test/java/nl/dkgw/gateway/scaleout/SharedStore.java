package nl.dkgw.gateway.scaleout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the sending cluster's one PostgreSQL database directly: claims, statuses and who made which attempt. */
final class SharedStore {

    private final String jdbcUrl;

    SharedStore(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The delivery tasks a node holds a lease on. */
    Set<Long> claimedBy(String nodeId) throws SQLException {
        Set<Long> pks = new LinkedHashSet<>();
        for (List<Object> row : rows("SELECT message_pk FROM delivery_task WHERE claimed_by = ?", nodeId)) {
            pks.add(((Number) row.get(0)).longValue());
        }
        return pks;
    }

    /** Status of each outbound business message, by MessageId. */
    Map<String, String> outboundStatuses() throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        for (List<Object> row :
                rows("SELECT message_id, status FROM ebms_message WHERE direction = 'OUT' " + "AND kind = 'USER'")) {
            statuses.put((String) row.get(0), (String) row.get(1));
        }
        return statuses;
    }

    String status(long pk) throws SQLException {
        return (String)
                rows("SELECT status FROM ebms_message WHERE id = ?", pk).get(0).get(0);
    }

    /** The nodes whose attempt got a message acknowledged, with how many messages each. */
    Map<String, Integer> acknowledgingNodes() throws SQLException {
        Map<String, Integer> nodes = new HashMap<>();
        for (List<Object> row : rows("SELECT node_id, COUNT(*) FROM delivery_attempt WHERE outcome = 'ACKNOWLEDGED' "
                + "GROUP BY node_id")) {
            nodes.put((String) row.get(0), ((Number) row.get(1)).intValue());
        }
        return nodes;
    }

    /** The nodes that made an attempt on one message, in order. */
    List<String> attemptingNodes(long pk, String outcome) throws SQLException {
        List<String> nodes = new ArrayList<>();
        for (List<Object> row : rows(
                "SELECT node_id FROM delivery_attempt WHERE message_pk = ? AND outcome = ? " + "ORDER BY id",
                pk,
                outcome)) {
            nodes.add((String) row.get(0));
        }
        return nodes;
    }

    /** One message's status, delivery task and attempts, for a failure message. */
    String history(String messageId) throws SQLException {
        StringBuilder out = new StringBuilder(messageId);
        for (List<Object> row : rows(
                "SELECT m.status, m.status_detail, t.attempts, t.next_attempt_at, t.claimed_by, "
                        + "t.claimed_until FROM ebms_message m LEFT JOIN delivery_task t ON t.message_pk = m.id "
                        + "WHERE m.direction = 'OUT' AND m.message_id = ?",
                messageId)) {
            out.append(" ").append(row);
        }
        for (List<Object> row : rows(
                "SELECT a.attempt_no, a.node_id, a.outcome, a.http_status, a.detail "
                        + "FROM delivery_attempt a JOIN ebms_message m ON m.id = a.message_pk "
                        + "WHERE m.direction = 'OUT' AND m.message_id = ? ORDER BY a.id",
                messageId)) {
            out.append("\n    attempt ").append(row);
        }
        return out.toString();
    }

    private List<List<Object>> rows(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<List<Object>> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    result.add(row);
                }
            }
            return result;
        }
    }
}
