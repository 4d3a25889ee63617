package nl.dkgw.gateway.store.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.store.RouteClaims;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * Messages claimed for a route (an {@code ebms:} consumer): received business messages to hand to the application
 * and failed outbound ones whose failure is to be reported. A claim is a lease on the message row
 * ({@code claimed_by}, {@code claimed_until}), taken and changed by conditional UPDATEs, so two nodes never both hold
 * one message and only the holder can change its claim.
 */
final class JdbcRouteClaims implements RouteClaims {

    /** Received business messages, but not before every file they announce (Grote Berichten) arrived. */
    private static final String RECEIVED =
            "direction = 'IN' AND kind = 'USER' AND status = 'RECEIVED' AND " + JdbcFileTransfers.ALL_FILES_ARRIVED;

    private static final String UNREPORTED_FAILURE =
            "direction = 'OUT' AND kind = 'USER' AND status = 'FAILED' " + "AND failure_reported_at IS NULL";

    private final Jdbc jdbc;

    JdbcRouteClaims(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code limit} received business messages (RECEIVED) of the filter for {@code nodeId} until
     * {@code leaseUntil}, oldest first, skipping those another node holds a live lease on. Each claim is a
     * conditional UPDATE (on PostgreSQL a row lock decides between two nodes claiming at once), so two nodes never
     * both hold one message; a dead node's claims are taken once their lease ran out.
     */
    @Override
    public List<StoredMessage> claimReceived(
            RouteFilter filter, String nodeId, Instant now, Instant leaseUntil, int limit) {
        return claim(RECEIVED, filter, nodeId, now, leaseUntil, limit);
    }

    /** As {@link #claimReceived}, for outbound business messages that FAILED and whose failure is not reported yet. */
    @Override
    public List<StoredMessage> claimUnreportedFailures(
            RouteFilter filter, String nodeId, Instant now, Instant leaseUntil, int limit) {
        return claim(UNREPORTED_FAILURE, filter, nodeId, now, leaseUntil, limit);
    }

    private List<StoredMessage> claim(
            String condition, RouteFilter filter, String nodeId, Instant now, Instant leaseUntil, int limit) {
        StringBuilder where = new StringBuilder(condition).append(" AND (claimed_until IS NULL OR claimed_until < ?)");
        List<Object> args = new ArrayList<>();
        args.add(now);
        RouteFilterConditions.append(filter, where, args);
        // one transaction, shared with other callers' short writes: the claimed rows commit together, and with the
        // rest of the batch, instead of one commit per UPDATE or per poll
        return jdbc.inSharedTransaction("claiming messages for " + nodeId, c -> {
            List<StoredMessage> candidates = Jdbc.query(
                    c,
                    "SELECT " + Rows.MESSAGE_COLUMNS + " FROM ebms_message " + "WHERE " + where
                            + " ORDER BY id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                    Rows.MESSAGE,
                    args.toArray());
            List<StoredMessage> claimed = new ArrayList<>();
            for (StoredMessage m : candidates) {
                List<Object> update = new ArrayList<>(List.of(nodeId, leaseUntil, m.pk()));
                update.addAll(args);
                if (Jdbc.execute(
                                c,
                                "UPDATE ebms_message SET claimed_by = ?, claimed_until = ? WHERE id = ? AND " + where,
                                update.toArray())
                        == 1) {
                    claimed.add(m);
                }
            }
            return claimed;
        });
    }

    /** Gives up a node's claim on one message, so it is offered again at once; false when the node did not hold it. */
    @Override
    public boolean release(long pk, String nodeId) {
        return jdbc.update(
                        "releasing message " + pk,
                        "UPDATE ebms_message SET claimed_by = NULL, "
                                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                        pk,
                        nodeId)
                == 1;
    }

    /**
     * Keeps a node's claim on one message until {@code until} (on the database clock): a message its route failed on
     * waits out its back-off there, so newer messages are claimed meanwhile, and comes again afterwards. False when
     * the node no longer held the claim (another node took it after the lease ran out): that claim stands.
     */
    @Override
    public boolean hold(long pk, String nodeId, Instant until) {
        return jdbc.update(
                        "holding message " + pk,
                        "UPDATE ebms_message SET claimed_until = ? " + "WHERE id = ? AND claimed_by = ?",
                        until,
                        pk,
                        nodeId)
                == 1;
    }

    /** Gives up every claim {@code nodeId} held on messages (at start-up after a crash); how many it held. */
    @Override
    public int releaseAll(String nodeId) {
        return jdbc.update(
                "releasing the claims of " + nodeId,
                "UPDATE ebms_message SET claimed_by = NULL, " + "claimed_until = NULL WHERE claimed_by = ?",
                nodeId);
    }
}
