package nl.dkgw.routes.route;

/** The endpoint URIs the flow routes are reached by and send to. */
public final class FlowEndpoints {

    private FlowEndpoints() {}

    /** Where every source of a flow hands its events: {@code direct:flow-<name>}. */
    public static String entry(String flow) {
        return "direct:flow-" + flow;
    }

    /** The ebms endpoint of a CPA, service and action. */
    public static String ebms(String cpaId, String service, String action) {
        return "ebms:" + cpaId + "?service=RAW(" + service + ")&action=RAW(" + action + ")";
    }

    /** The ebms endpoint taking the messages of a CPA, service and action whose delivery finally failed. */
    public static String ebmsFailures(String cpaId, String service, String action) {
        return ebms(cpaId, service, action) + "&consume=failed";
    }
}
