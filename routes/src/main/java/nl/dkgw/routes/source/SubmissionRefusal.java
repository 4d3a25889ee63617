package nl.dkgw.routes.source;

import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A submission the gateway's {@code ebms} producer refused for good: the remedy it named
 * ({@link FlowHeaders#SUBMISSION_REMEDY}) is {@link FlowHeaders#CHANGE_SUBMISSION} (unknown CPA or action, one the
 * CPA does not allow, a value too long) or {@link FlowHeaders#FIX_NODE} (the node cannot send on the CPA as
 * configured), so the same event would be refused again however often a source tried it. Each source records such an
 * event as it records the events the flow rejects, with kind {@link #KIND}. A failure naming
 * {@link FlowHeaders#TRY_AGAIN} (the store is down) or no remedy at all is not a refusal: the source keeps the event.
 */
final class SubmissionRefusal {

    /** The {@link FlowHeaders#REJECT_KIND} of a refused event, next to the flow's MALFORMED, INVALID, NO_CONSENT. */
    static final String KIND = "REFUSED";

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionRefusal.class);

    private SubmissionRefusal() {}

    /** Whether the exchange failed because the gateway refused its submission for good. */
    static boolean forGood(Exchange exchange) {
        String remedy = exchange.getProperty(FlowHeaders.SUBMISSION_REMEDY, String.class);
        return FlowHeaders.CHANGE_SUBMISSION.equals(remedy) || FlowHeaders.FIX_NODE.equals(remedy);
    }

    /**
     * The gateway's reason in one line: its failure and its words, e.g. {@code UNKNOWN_CPA: CPA 'x' is not known on
     * this node}. The exception is the caught one ({@link Exchange#EXCEPTION_CAUGHT}) or the exchange's own.
     */
    static String reason(Exchange exchange) {
        String failure = exchange.getProperty(FlowHeaders.SUBMISSION_FAILURE, String.class);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        String words = caught != null && caught.getMessage() != null ? caught.getMessage() : "refused by the gateway";
        return failure != null ? failure + ": " + words : words;
    }

    /** Logs the refusal (no payload, so no BSN), as the flow logs a rejected event. */
    static void log(String flow, Exchange exchange, String reason) {
        LOG.atWarn()
                .addKeyValue("event", "flow.refused")
                .addKeyValue("flow", flow)
                .addKeyValue("sourceId", exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID))
                .addKeyValue("failure", exchange.getProperty(FlowHeaders.SUBMISSION_FAILURE))
                .addKeyValue("remedy", exchange.getProperty(FlowHeaders.SUBMISSION_REMEDY))
                .log("flow event refused by the gateway for good, not tried again: {}", reason);
    }
}
