package nl.dkgw.gateway.store;

import java.time.Instant;
import java.util.List;

/**
 * Messages claimed for a route (an {@code ebms:} consumer): received business messages to hand to the application
 * and failed outbound ones whose failure is to be reported. A claim is a lease on the message, taken and changed
 * conditionally, so two nodes never both hold one message and only the holder can change its claim.
 */
public interface RouteClaims {

    /**
     * Claims up to {@code limit} received business messages (RECEIVED, every announced file arrived) of the filter for
     * {@code nodeId} until {@code leaseUntil}, oldest first, skipping those another node holds a live lease on. Two
     * nodes never both hold one message; a dead node's claims are taken once their lease ran out.
     */
    List<StoredMessage> claimReceived(RouteFilter filter, String nodeId, Instant now, Instant leaseUntil, int limit);

    /** As {@link #claimReceived}, for outbound business messages that FAILED and whose failure is not reported yet. */
    List<StoredMessage> claimUnreportedFailures(
            RouteFilter filter, String nodeId, Instant now, Instant leaseUntil, int limit);

    /** Gives up a node's claim on one message, so it is offered again at once; false when the node did not hold it. */
    boolean release(long pk, String nodeId);

    /**
     * Keeps a node's claim on one message until {@code until} (on the {@link DatabaseClock}): a message its route
     * failed on waits out its back-off there, so newer messages are claimed meanwhile, and comes again afterwards.
     * False when the node no longer held the claim (another node took it after the lease ran out): that claim stands.
     */
    boolean hold(long pk, String nodeId, Instant until);

    /** Gives up every claim {@code nodeId} held on messages (at start-up after a crash); how many it held. */
    int releaseAll(String nodeId);
}
