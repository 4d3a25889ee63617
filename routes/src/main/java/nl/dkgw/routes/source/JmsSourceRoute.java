package nl.dkgw.routes.source;

import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * A JMS queue as the source of a flow. The queue is consumed in a JMS transaction that commits only after the event
 * was stored as an ebMS message (or dead-lettered): a failure or a crash before that leaves the JMS message on the
 * queue, and its redelivery carries the same JMSMessageID, hence the same ebMS MessageId, so it is sent once.
 * An event the gateway refuses for good (a {@link SubmissionRefusal}: unknown CPA or action, a value too long, a node
 * that cannot send on the CPA as configured) is not redelivered: it goes to the flow's dead-letter endpoint as the
 * original event with {@link FlowHeaders#REJECT_KIND} {@code REFUSED}, the gateway's reason in
 * {@link FlowHeaders#REJECT_REASON} and its failure and remedy in {@link FlowHeaders#SUBMISSION_FAILURE} and
 * {@link FlowHeaders#SUBMISSION_REMEDY}, and the JMS message is acknowledged. Any other failure (the store is down,
 * or one that names no remedy) rolls back, and the broker redelivers the message.
 * A producer may set the header {@code DkgwSourceId} to give the event its own stable id.
 *
 * <p>The queue may be read by several concurrent consumers, each in a transaction of its own: an event is still taken
 * once, since its MessageId comes from the JMS message and not from the consumer that took it, but the events are no
 * longer sent in the order they were queued.
 */
public final class JmsSourceRoute extends RouteBuilder {

    private static final String ORIGINAL_EVENT = "DkgwOriginalJmsEvent";

    private final String flow;
    private final String queue;
    private final String deadLetter;
    private final int consumers;

    /**
     * @param deadLetter the flow's {@code send.dead-letter} endpoint, for the events the gateway refuses for good
     * @param consumers how many concurrent consumers read the queue, each in its own JMS transaction
     */
    public JmsSourceRoute(String flow, String queue, String deadLetter, int consumers) {
        this.flow = flow;
        this.queue = queue;
        this.deadLetter = deadLetter;
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        from(TransactedQueue.uri(queue, consumers))
                .routeId("flow-" + flow + "-jms-source")
                .process(JmsSourceRoute::sourceId)
                .doTry()
                .to(FlowEndpoints.entry(flow))
                .doCatch(Exception.class)
                .onWhen(SubmissionRefusal::forGood)
                .process(this::refused)
                .to(deadLetter)
                .end();
    }

    private void refused(Exchange exchange) {
        String reason = SubmissionRefusal.reason(exchange);
        Message message = exchange.getMessage();
        message.setBody(exchange.getProperty(ORIGINAL_EVENT));
        message.removeHeader(FlowHeaders.MESSAGE_ID);
        message.setHeader(FlowHeaders.FLOW, flow);
        message.setHeader(FlowHeaders.REJECT_KIND, SubmissionRefusal.KIND);
        message.setHeader(FlowHeaders.REJECT_REASON, reason);
        message.setHeader(
                FlowHeaders.SUBMISSION_FAILURE, exchange.getProperty(FlowHeaders.SUBMISSION_FAILURE, String.class));
        message.setHeader(
                FlowHeaders.SUBMISSION_REMEDY, exchange.getProperty(FlowHeaders.SUBMISSION_REMEDY, String.class));
        SubmissionRefusal.log(flow, exchange, reason);
    }

    private static void sourceId(Exchange exchange) {
        // the flow replaces the body by the ebMS payload; a refused event is dead-lettered as it came
        exchange.setProperty(ORIGINAL_EVENT, exchange.getMessage().getBody());
        String given = exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID, String.class);
        if (given == null || given.isBlank()) {
            exchange.getMessage()
                    .setHeader(
                            FlowHeaders.SOURCE_ID,
                            "jms-" + exchange.getMessage().getHeader("JMSMessageID", String.class));
        }
    }
}
