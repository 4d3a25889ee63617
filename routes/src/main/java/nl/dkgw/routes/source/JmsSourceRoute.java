package nl.dkgw.routes.source;

import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * A JMS queue as the source of a flow. The queue is consumed in a JMS transaction that commits only after the event
 * was stored as an ebMS message (or dead-lettered): a failure or a crash before that leaves the JMS message on the
 * queue, and its redelivery carries the same JMSMessageID, hence the same ebMS MessageId, so it is sent once.
 * A producer may set the header {@code DkgwSourceId} to give the event its own stable id.
 */
public final class JmsSourceRoute extends RouteBuilder {

    private final String flow;
    private final String queue;

    public JmsSourceRoute(String flow, String queue) {
        this.flow = flow;
        this.queue = queue;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        from("jms:queue:" + queue + "?transacted=true&concurrentConsumers=1")
                .routeId("flow-" + flow + "-jms-source")
                .process(JmsSourceRoute::sourceId)
                .to(FlowEndpoints.entry(flow));
    }

    private static void sourceId(Exchange exchange) {
        String given = exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID, String.class);
        if (given == null || given.isBlank()) {
            exchange.getMessage()
                    .setHeader(
                            FlowHeaders.SOURCE_ID,
                            "jms-" + exchange.getMessage().getHeader("JMSMessageID", String.class));
        }
    }
}
