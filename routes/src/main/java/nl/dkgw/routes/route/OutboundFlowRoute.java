package nl.dkgw.routes.route;

import java.time.Clock;
import java.util.UUID;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.flow.MappingContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one flow: events arrive at {@code direct:flow-<name>} from any source, are mapped and
 * validated, and go to the gateway as ebMS messages whose MessageId derives from the source id. Rejected events go to
 * the flow's dead-letter endpoint with the reason in {@link FlowHeaders#REJECT_REASON}; the caller finds the
 * rejection in the exchange property {@link FlowHeaders#REJECTION_PROPERTY}. A failed submission (gateway store down)
 * fails the exchange, so the source keeps the event and tries again.
 */
public final class OutboundFlowRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundFlowRoute.class);
    private static final String ORIGINAL_EVENT = "DkgwOriginalEvent";

    private final Flow flow;
    private final FlowsConfig.Send send;
    private final FlowsConfig.FlowConfig config;
    private final Clock clock;

    public OutboundFlowRoute(Flow flow, FlowsConfig.FlowConfig config, Clock clock) {
        this.flow = flow;
        this.config = config;
        this.send = config.send();
        this.clock = clock;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        String deadLetter = send.deadLetter();
        // doTry rather than onException: a handled onException would stop the calling source route too, and the
        // sources need to go on (move the file to error/, mark the outbox row REJECTED, answer 422)
        from(FlowEndpoints.entry(flow.name()))
                .routeId("flow-" + flow.name() + "-send")
                .doTry()
                .process(this::prepare)
                .to(FlowEndpoints.ebms(send.cpaId(), send.service(), send.action()) + "&contentType=application/xml")
                .process(this::logSubmitted)
                .doCatch(FlowRejectedException.class)
                .process(this::recordRejection)
                .to(deadLetter)
                .end();
    }

    private void prepare(Exchange exchange) throws FlowRejectedException {
        byte[] event = exchange.getMessage().getBody(byte[].class);
        if (event == null) {
            throw FlowRejectedException.malformed("the event is empty");
        }
        exchange.setProperty(ORIGINAL_EVENT, event);
        String sourceId = exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID, String.class);
        if (sourceId == null || sourceId.isBlank()) {
            sourceId = "event-" + UUID.randomUUID();
            exchange.getMessage().setHeader(FlowHeaders.SOURCE_ID, sourceId);
        }
        byte[] payload = flow.payload(event, new MappingContext(sourceId, clock, config.properties()));
        exchange.getMessage().setBody(payload);
        exchange.getMessage().setHeader(FlowHeaders.MESSAGE_ID, MessageIdOf.event(flow.name(), sourceId));
        exchange.getMessage().setHeader(FlowHeaders.FLOW, flow.name());
    }

    private void logSubmitted(Exchange exchange) {
        LOG.atInfo()
                .addKeyValue("event", "flow.submitted")
                .addKeyValue("flow", flow.name())
                .addKeyValue("sourceId", exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID))
                .addKeyValue("messageId", exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID))
                .log("flow event stored for sending");
    }

    private void recordRejection(Exchange exchange) {
        FlowRejectedException rejection = ObjectHelper.getException(
                FlowRejectedException.class, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        byte[] original = exchange.getProperty(ORIGINAL_EVENT, byte[].class);
        if (original != null) {
            exchange.getMessage().setBody(original);
        }
        exchange.getMessage().removeHeader(FlowHeaders.MESSAGE_ID);
        exchange.getMessage().setHeader(FlowHeaders.FLOW, flow.name());
        exchange.getMessage()
                .setHeader(FlowHeaders.REJECT_KIND, rejection.kind().name());
        exchange.getMessage().setHeader(FlowHeaders.REJECT_REASON, rejection.reasonText());
        exchange.setProperty(FlowHeaders.REJECTION_PROPERTY, rejection);
        LOG.atWarn()
                .addKeyValue("event", "flow.rejected")
                .addKeyValue("flow", flow.name())
                .addKeyValue("sourceId", exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID))
                .addKeyValue("kind", rejection.kind())
                .addKeyValue("reason", rejection.reasonText())
                .log("flow event not sent: {}", rejection.reasonText());
    }
}
