package nl.dkgw.routes.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each message of a flow whose delivery finally failed (retries exhausted, persist duration over, or refused
 * by the peer) on the flow's failure queue: a JSON document and JMS properties with the ebMS MessageId, CPA, service,
 * action, the source id of the event and the reason; never the payload. The gateway counts a failure as reported
 * only when the queue took the report, and across restarts and nodes reports it once; the report carries the
 * Artemis duplicate id {@code failed:<MessageId>:<failed at>}, so the broker drops the repeat of a report whose
 * marking a crash interrupted, but takes the report of a second failure after a resend.
 */
public final class FailureReportRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(FailureReportRoute.class);
    private static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String flow;
    private final FlowsConfig.Send send;

    public FailureReportRoute(String flow, FlowsConfig.Send send) {
        this.flow = flow;
        this.send = send;
    }

    /** The queue the failures of this flow are reported on. */
    public String queue() {
        return send.failureQueue();
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        from(FlowEndpoints.ebmsFailures(send.cpaId(), send.service(), send.action()) + "&delay=1000")
                .routeId("flow-" + flow + "-failures")
                .process(this::report)
                .to("jms:queue:" + queue());
    }

    private void report(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        String messageId = m.getHeader(FlowHeaders.MESSAGE_ID, String.class);
        ObjectNode report = JSON.createObjectNode()
                .put("flow", flow)
                .put("messageId", messageId)
                .put("cpaId", m.getHeader(FlowHeaders.CPA_ID, String.class))
                .put("service", m.getHeader(FlowHeaders.SERVICE, String.class))
                .put("action", m.getHeader(FlowHeaders.ACTION, String.class))
                .put("sourceId", m.getHeader(FlowHeaders.SOURCE_ID, String.class))
                .put("reason", m.getHeader(FlowHeaders.FAILURE_REASON, String.class))
                .put("failedAt", m.getHeader("DkgwFailedAt", String.class));
        m.removeHeader("DkgwPayloads");
        m.setHeader(FlowHeaders.FLOW, flow);
        m.setHeader(ARTEMIS_DUPLICATE_ID, duplicateId(messageId, m.getHeader("DkgwFailedAt", String.class)));
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(JSON.writeValueAsString(report));
        LOG.atWarn()
                .addKeyValue("event", "flow.failed")
                .addKeyValue("flow", flow)
                .addKeyValue("messageId", messageId)
                .addKeyValue("sourceId", m.getHeader(FlowHeaders.SOURCE_ID))
                .addKeyValue("reason", m.getHeader(FlowHeaders.FAILURE_REASON))
                .log("flow message finally failed; reporting it on {}", queue());
    }

    /**
     * {@code failed:<MessageId>:<time it failed>}: the same for a repeat of one report (a crash between sending it and
     * marking it reported), different for a later failure of the same message after a resend.
     */
    static String duplicateId(String messageId, String failedAt) {
        return "failed:" + messageId + (failedAt == null || failedAt.isBlank() ? "" : ":" + failedAt);
    }
}
