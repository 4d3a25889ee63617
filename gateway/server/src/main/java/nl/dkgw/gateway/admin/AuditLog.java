package nl.dkgw.gateway.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import nl.dkgw.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every operator and admin action to the table {@code audit_event} (shared by all nodes of a cluster) and as
 * one structured log line (logger {@code nl.dkgw.audit}), so it reaches the log pipeline as well.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("nl.dkgw.audit");

    private final DataSource dataSource;
    private final String nodeId;
    private final Clock clock;

    public AuditLog(DataSource dataSource, String nodeId, Clock clock) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /**
     * Records an action; a database failure is logged (with the event) rather than failing the action. Every text
     * goes through {@link #printable(String)} first: user names, paths and ids come from the caller.
     */
    public void record(String user, String action, String target, String outcome, String remoteAddress) {
        user = printable(user);
        action = printable(action);
        target = printable(target);
        outcome = printable(outcome);
        remoteAddress = printable(remoteAddress);
        Instant now = clock.instant();
        LOG.atInfo()
                .addKeyValue("event", "audit")
                .addKeyValue("user", user)
                .addKeyValue("action", action)
                .addKeyValue("target", target)
                .addKeyValue("outcome", outcome)
                .addKeyValue("remote", remoteAddress)
                .addKeyValue("nodeId", nodeId)
                .log("audit {} {} by {}: {}", action, target == null ? "-" : target, user, outcome);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (occurred_at, node_id, user_name, "
                        + "action, target, outcome, remote_address) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, now.atOffset(ZoneOffset.UTC));
            ps.setString(2, nodeId);
            ps.setString(3, cut(user, 256));
            ps.setString(4, cut(action, 64));
            ps.setString(5, cut(target, 512));
            ps.setString(6, cut(outcome, 256));
            ps.setString(7, cut(remoteAddress, 128));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.atError()
                    .addKeyValue("event", "audit.write-failed")
                    .addKeyValue("action", action)
                    .addKeyValue("user", user)
                    .log("could not write the audit event to the database: {}", e.getMessage());
        }
    }

    /** The latest events, newest first. */
    public List<AuditEvent> latest(int limit) {
        List<AuditEvent> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, occurred_at, node_id, user_name, action, target, "
                        + "outcome, remote_address FROM audit_event ORDER BY id DESC FETCH FIRST "
                        + Math.max(1, Math.min(limit, 10_000)) + " ROWS ONLY");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEvent(
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the audit log", e);
        }
    }

    /** {@code text} with every control character and line or paragraph separator replaced by '?'; null stays null. */
    public static String printable(String text) {
        return text == null ? null : text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?");
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
