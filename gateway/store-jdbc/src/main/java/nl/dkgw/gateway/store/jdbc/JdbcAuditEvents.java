package nl.dkgw.gateway.store.jdbc;

import java.util.List;
import javax.sql.DataSource;
import nl.dkgw.gateway.api.AuditEvent;
import nl.dkgw.gateway.api.AuditTrail;

/**
 * The table {@code audit_event}: one row per audited action, shared by all nodes of a cluster. Texts longer than their
 * column are cut to fit, so an audited action is never lost to a long user name or path.
 */
public final class JdbcAuditEvents implements AuditTrail {

    private static final int MAX_LATEST = 10_000;

    private final Jdbc jdbc;

    public JdbcAuditEvents(DataSource dataSource) {
        this(dataSource, StoreTransactions.OF_THIS_PROCESS);
    }

    /** Counting its writes in {@code counts}, the node's. */
    public JdbcAuditEvents(DataSource dataSource, StoreTransactions counts) {
        this.jdbc = new Jdbc(dataSource, counts);
    }

    /** Writing through the node's store writers ({@link GroupCommit}), counted in their counts. */
    public JdbcAuditEvents(GroupCommit writers) {
        this.jdbc = new Jdbc(writers, PartStreamLimit.none());
    }

    /** One row, committed (possibly together with other store work, {@link GroupCommit}) before this returns. */
    @Override
    public void append(AuditEvent e) {
        jdbc.inSharedTransaction(
                "writing an audit event",
                c -> Jdbc.execute(
                        c,
                        "INSERT INTO audit_event (occurred_at, node_id, user_name, action, target, outcome, remote_address) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        e.occurredAt(),
                        e.nodeId(),
                        cut(e.user(), 256),
                        cut(e.action(), 64),
                        cut(e.target(), 512),
                        cut(e.outcome(), 256),
                        cut(e.remoteAddress(), 128)));
    }

    @Override
    public List<AuditEvent> latest(int limit) {
        int rows = Math.max(1, Math.min(limit, MAX_LATEST));
        return jdbc.query(
                "reading the audit log",
                "SELECT id, occurred_at, node_id, user_name, action, target, outcome, remote_address FROM audit_event "
                        + "ORDER BY id DESC FETCH FIRST " + rows + " ROWS ONLY",
                rs -> new AuditEvent(
                        rs.getLong("id"),
                        Jdbc.instant(rs, "occurred_at"),
                        rs.getString("node_id"),
                        rs.getString("user_name"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("outcome"),
                        rs.getString("remote_address")));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
