package nl.dkgw.gateway.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import nl.dkgw.gateway.api.AuditEvent;
import nl.dkgw.gateway.api.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every operator and admin action to the node's {@link AuditTrail} (a table shared by all nodes of a cluster)
 * and as one structured log line (logger {@code nl.dkgw.audit}), so it reaches the log pipeline as well.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("nl.dkgw.audit");
    /** Control characters and line or paragraph separators (compiled once: every submission is audited). */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

    private final AuditTrail trail;
    private final String nodeId;
    private final Clock clock;

    public AuditLog(AuditTrail trail, String nodeId, Clock clock) {
        this.trail = trail;
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
        try {
            trail.append(new AuditEvent(0, now, nodeId, user, action, target, outcome, remoteAddress));
        } catch (RuntimeException e) {
            LOG.atError()
                    .addKeyValue("event", "audit.write-failed")
                    .addKeyValue("action", action)
                    .addKeyValue("user", user)
                    .log("could not write the audit event to the database: {}", e.getMessage());
        }
    }

    /** The latest events, newest first. */
    public List<AuditEvent> latest(int limit) {
        return trail.latest(limit);
    }

    /** {@code text} with every control character and line or paragraph separator replaced by '?'; null stays null. */
    public static String printable(String text) {
        return text == null ? null : UNPRINTABLE.matcher(text).replaceAll("?");
    }
}
