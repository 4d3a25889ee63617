package nl.dkgw.routes.node;

import nl.dkgw.routes.catalogue.SampleEvents;

/** Internal JSON events of the three flows, with a unique marker (test id, event id, case id) and dates near now. */
final class FlowEvents {

    /** Test BSNs: the first two pass the 11-test, the third does not. */
    static final String BSN = SampleEvents.TEST_BSN;

    static final String OTHER_BSN = "111222333";
    static final String BAD_BSN = "123456789";

    private FlowEvents() {}

    static String event(String flow, String marker) {
        return event(flow, marker, BSN, true);
    }

    static String event(String flow, String marker, String bsn, boolean consent) {
        return SampleEvents.of(flow, marker, bsn, consent);
    }
}
