package nl.dkgw.gateway.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Handing received business messages to the application, at least once across the nodes of one database: a claim
 * holds a message for this node for a lease, {@link #complete} ends it, {@link #retryLater} offers it again after a
 * back-off. Leases run on the database's clock, which all nodes share.
 */
public interface InboundDelivery {

    /** Claims up to {@code max} RECEIVED messages of the route for this node, oldest first. */
    List<MessageSummary> claim(MessageRoute route, int max, Duration lease);

    /** The message with its payloads; empty when it is not a business message. */
    Optional<ReceivedMessage> fetch(long pk);

    /** The application has the message: it ends PROCESSED. False when it was not RECEIVED. */
    boolean complete(long pk);

    /** Keeps this node's claim for {@code delay}, after which the message is offered again. */
    void retryLater(long pk, Duration delay);

    /** Gives up this node's claim at once (e.g. the consumer is stopping). */
    void release(long pk);

    /** Received business messages of the route in a status (null: any), selected in the database. */
    List<MessageSummary> received(MessageRoute route, MessageSummary.Status status, int limit);
}
