package nl.dkgw.routes.coronit;

import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.flow.FlowSchema;

/** CoronIT test results, GGD -> RIVM CIMS. */
public final class TestResultFlow {

    public static final String NAME = "coronit-testresult";
    public static final String NAMESPACE = "urn:dkgw:flows:coronit:testresult:1";
    public static final String SCHEMA = "xsd/flows/coronit-testresult-1.xsd";

    private TestResultFlow() {}

    public static Flow flow() {
        return new Flow(NAME, new FlowSchema(SCHEMA, NAMESPACE), new TestResultMapper(), new TestResultRules());
    }
}
