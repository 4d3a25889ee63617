package nl.dkgw.routes.vaccination;

import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.flow.FlowSchema;

/** Vaccination events, GGD -> RIVM CIMS; only with the person's consent to registration in CIMS. */
public final class VaccinationFlow {

    public static final String NAME = "cims-vaccination";
    public static final String NAMESPACE = "urn:dkgw:flows:cims:vaccination:1";
    public static final String SCHEMA = "xsd/flows/cims-vaccination-1.xsd";

    private VaccinationFlow() {}

    public static Flow flow() {
        return new Flow(NAME, new FlowSchema(SCHEMA, NAMESPACE), new VaccinationMapper(), new VaccinationRules());
    }
}
