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

    /** The default dead-letter queue of rejected outbound events of a flow. */
    public static String outboundDeadLetter(String flow) {
        return "jms:queue:dkgw.flows." + flow + ".dead-letter";
    }

    /** The default failure queue of a flow: its messages whose delivery finally failed are reported there. */
    public static String failureQueue(String flow) {
        return "dkgw.flows." + flow + ".failed";
    }

    /** The ebms endpoint taking the messages of a CPA, service and action whose delivery finally failed. */
    public static String ebmsFailures(String cpaId, String service, String action) {
        return ebms(cpaId, service, action) + "&consume=failed";
    }

    /** The default dead-letter queue of received payloads that fail the flow's schema. */
    public static String inboundDeadLetter(String flow) {
        return "jms:queue:dkgw.flows." + flow + ".received.dead-letter";
    }
}
