package nl.dkgw.routes.source;

/**
 * The Camel JMS endpoint a flow's queue is read from: transacted, so a message leaves the queue only when its route
 * commits, by a fixed number of concurrent consumers, each with a session and a transaction of its own.
 */
final class TransactedQueue {

    private TransactedQueue() {}

    /** The endpoint URI of {@code queue} read by {@code consumers} concurrent consumers (at least 1). */
    static String uri(String queue, int consumers) {
        if (consumers < 1) {
            throw new IllegalArgumentException("a JMS source needs at least 1 consumer, not " + consumers);
        }
        return "jms:queue:" + queue + "?transacted=true&concurrentConsumers=" + consumers + "&maxConcurrentConsumers="
                + consumers;
    }
}
