package nl.dkgw.routes.lopendezaken;

import java.util.Set;
import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.flow.FlowSchema;

/**
 * Lopende Zaken status notices, organisation -> MijnOverheid: a zakLk01-shaped notice built from a case-status
 * event. Flow properties: {@code sender-oin} (the organisation's OIN, required) and {@code sender-application}
 * (default {@code ZAAKSYSTEEM}).
 */
public final class StatusNoticeFlow {

    public static final String NAME = "lopende-zaken";
    public static final String NAMESPACE = "urn:dkgw:flows:lopendezaken:zaklk01:1";
    public static final String SCHEMA = "xsd/flows/lopendezaken-zaklk01-1.xsd";

    private StatusNoticeFlow() {}

    public static Flow flow() {
        return new Flow(
                NAME,
                new FlowSchema(SCHEMA, NAMESPACE),
                new StatusNoticeMapper(),
                new StatusNoticeRules(),
                Set.of("sender-oin"));
    }
}
