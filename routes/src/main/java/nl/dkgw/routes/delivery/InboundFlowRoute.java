package nl.dkgw.routes.delivery;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one flow: payloads the gateway received on the flow's CPA, service and action are checked
 * against the flow's schema and delivered to a JMS queue, a PostgreSQL table, an HTTP webhook or a directory; the
 * Grote Berichten files a message announced are delivered as they are ({@link FileDelivery}). The gateway marks a
 * message processed only when delivery succeeded; a failed delivery (queue, database or webhook down) leaves it
 * RECEIVED and it is delivered again at the next poll. A payload that fails the schema goes to the flow's inbound
 * dead-letter endpoint with the reason, and counts as processed.
 */
public final class InboundFlowRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(InboundFlowRoute.class);
    private static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final String PAYLOADS_HEADER = "DkgwPayloads";

    private final Flow flow;
    private final FlowsConfig.Receive receive;
    private final DataSource dataSource;
    private final Path baseDir;

    public InboundFlowRoute(Flow flow, FlowsConfig.Receive receive, DataSource dataSource) {
        this(flow, receive, dataSource, Path.of(""));
    }

    /** With {@code baseDir} the directory a relative {@code deliver-to.directory} is resolved against. */
    public InboundFlowRoute(Flow flow, FlowsConfig.Receive receive, DataSource dataSource, Path baseDir) {
        this.flow = flow;
        this.receive = receive;
        this.dataSource = dataSource;
        this.baseDir = baseDir;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        String deadLetter = receive.deadLetter();
        onException(FlowRejectedException.class)
                .handled(true)
                .process(this::recordRejection)
                .to(deadLetter);

        FlowsConfig.DeliverTo to = receive.deliverTo();
        Webhook webhook = to.webhook() == null ? null : new Webhook(to.webhook());
        DirectoryDelivery directory =
                to.directory() == null ? null : new DirectoryDelivery(baseDir.resolve(to.directory()));
        RouteDefinition route = from(FlowEndpoints.ebms(receive.cpaId(), receive.service(), receive.action())
                        + "&delay=200")
                .routeId("flow-" + flow.name() + "-receive")
                // Grote Berichten files are delivered as they are, and the route ends there
                .process(new FileDelivery(flow.name(), to.queue(), webhook, directory, to.table() != null))
                .process(this::validate);
        if (directory != null) {
            route.process(directory);
        } else if (to.queue() != null) {
            // Artemis duplicate detection: a delivery repeated after a crash (before the gateway marked the message
            // processed) carries the same id and is dropped by the broker
            route.setHeader(ARTEMIS_DUPLICATE_ID, header(FlowHeaders.MESSAGE_ID))
                    .removeHeader(PAYLOADS_HEADER)
                    .to("jms:queue:" + to.queue());
        } else if (to.table() != null) {
            if (dataSource == null) {
                throw new IllegalStateException("flow " + flow.name() + " delivers to table " + to.table()
                        + " but flows.database is not configured");
            }
            route.process(new InboundTable(dataSource, to.table(), flow.name()));
        } else {
            route.process(webhook);
        }
        route.process(this::logDelivered);
    }

    private void validate(Exchange exchange) throws FlowRejectedException {
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        List<String> problems = payload == null ? List.of("the message has no payload") : flow.schemaProblems(payload);
        if (!problems.isEmpty()) {
            throw new FlowRejectedException(FlowRejectedException.Kind.INVALID, problems);
        }
        exchange.getMessage().setHeader(FlowHeaders.FLOW, flow.name());
    }

    private void recordRejection(Exchange exchange) {
        FlowRejectedException rejection = ObjectHelper.getException(
                FlowRejectedException.class, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.getMessage().setHeader(FlowHeaders.FLOW, flow.name());
        exchange.getMessage()
                .setHeader(FlowHeaders.REJECT_KIND, rejection.kind().name());
        exchange.getMessage().setHeader(FlowHeaders.REJECT_REASON, rejection.reasonText());
        LOG.atWarn()
                .addKeyValue("event", "flow.received.rejected")
                .addKeyValue("flow", flow.name())
                .addKeyValue("messageId", exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID))
                .addKeyValue("reason", rejection.reasonText())
                .log("received payload fails the flow's schema; not delivered: {}", rejection.reasonText());
    }

    private void logDelivered(Exchange exchange) {
        LOG.atInfo()
                .addKeyValue("event", "flow.delivered")
                .addKeyValue("flow", flow.name())
                .addKeyValue("messageId", exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID))
                .log("received payload delivered");
    }
}
