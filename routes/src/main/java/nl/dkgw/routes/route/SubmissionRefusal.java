package nl.dkgw.routes.route;

import java.util.List;
import nl.dkgw.routes.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import org.apache.camel.Exchange;

/**
 * A submission the gateway's {@code ebms} producer refused for good: its remedy
 * ({@link FlowHeaders#SUBMISSION_REMEDY}) is {@link FlowHeaders#CHANGE_SUBMISSION}, so the same event would be
 * refused again however often it is tried. Any other failed submission ({@link FlowHeaders#TRY_AGAIN},
 * {@link FlowHeaders#FIX_NODE}, or one that names no remedy) is not a refusal: the source keeps the event.
 */
public final class SubmissionRefusal {

    private SubmissionRefusal() {
    }

    /** Whether the exchange failed because the gateway refused its submission for good. */
    public static boolean refused(Exchange exchange) {
        return FlowHeaders.CHANGE_SUBMISSION.equals(exchange.getProperty(FlowHeaders.SUBMISSION_REMEDY, String.class));
    }

    /**
     * The refusal as a {@link FlowRejectedException.Kind#REFUSED} rejection, its reason the gateway's failure and
     * words, e.g. {@code UNKNOWN_CPA: CPA 'x' is not known on this node}.
     */
    public static FlowRejectedException asRejection(Exchange exchange) {
        String failure = exchange.getProperty(FlowHeaders.SUBMISSION_FAILURE, String.class);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String words = caught != null && caught.getMessage() != null ? caught.getMessage() : "refused by the gateway";
        return new FlowRejectedException(FlowRejectedException.Kind.REFUSED,
                List.of(failure != null ? failure + ": " + words : words));
    }
}
