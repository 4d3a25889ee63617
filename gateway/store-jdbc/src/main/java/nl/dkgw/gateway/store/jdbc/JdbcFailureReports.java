package nl.dkgw.gateway.store.jdbc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.store.FailureReports;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * Outbound business messages that finally failed, and whether the sending side was told: a failure counts as
 * reported once ({@code failure_reported_at}), set by a conditional UPDATE.
 */
final class JdbcFailureReports implements FailureReports {

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcFailureReports(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Outbound business messages that finally failed, narrowed to a CPA, service and action, with a key above
     * {@code afterPk}, oldest first: a page; the next page starts after the last key of this one.
     */
    @Override
    public List<StoredMessage> listFailed(RouteFilter filter, long afterPk, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.MESSAGE_COLUMNS
                + " FROM ebms_message WHERE direction = 'OUT' AND kind = 'USER' AND status = 'FAILED' AND id > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterPk);
        RouteFilterConditions.append(filter, sql, args);
        sql.append(" ORDER BY id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return jdbc.query("listing failed messages", sql.toString(), Rows.MESSAGE, args.toArray());
    }

    /** Whether the failure of an outbound message was reported ({@link #markReported}). */
    @Override
    public boolean isReported(long pk) {
        return jdbc.queryOne(
                        "reading message " + pk,
                        "SELECT failure_reported_at FROM ebms_message WHERE id = ?",
                        rs -> Jdbc.instant(rs, "failure_reported_at") != null,
                        pk)
                .orElse(false);
    }

    /**
     * Records that the failure of an outbound message was reported and drops its route claim; false when it was
     * reported before or the message is not FAILED (a resend made it PENDING again).
     */
    @Override
    public boolean markReported(long pk) {
        return jdbc.update(
                        "marking the failure of message " + pk + " reported",
                        "UPDATE ebms_message "
                                + "SET failure_reported_at = ?, claimed_by = NULL, claimed_until = NULL "
                                + "WHERE id = ? AND status = 'FAILED' AND failure_reported_at IS NULL",
                        clock.instant(),
                        pk)
                == 1;
    }
}
