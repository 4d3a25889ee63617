package nl.dkgw.gateway.api;

import java.time.Duration;
import java.util.List;

/**
 * Telling the sending application about outbound messages that finally failed, once across the nodes of one
 * database: claimed with a lease like received messages, {@link #reported} when the report went out.
 */
public interface FailureReports {

    /** Claims up to {@code max} finally failed, not yet reported messages of the route for this node. */
    List<MessageSummary> claim(MessageRoute route, int max, Duration lease);

    void reported(long pk);

    /** Keeps this node's claim for {@code delay}, after which the failure is offered again. */
    void retryLater(long pk, Duration delay);

    void release(long pk);
}
