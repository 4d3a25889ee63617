package nl.dkgw.routes.catalogue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;

/** The flows this gateway knows, by name. A new flow is one more entry here (see docs/flows.md). */
public final class FlowCatalogue {

    private final Map<String, Flow> flows = new LinkedHashMap<>();

    public static FlowCatalogue standard() {
        return new FlowCatalogue()
                .with(TestResultFlow.flow())
                .with(VaccinationFlow.flow())
                .with(StatusNoticeFlow.flow());
    }

    public FlowCatalogue with(Flow flow) {
        flows.put(flow.name(), flow);
        return this;
    }

    public Optional<Flow> find(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    public Flow get(String name) {
        Flow flow = flows.get(name);
        if (flow == null) {
            throw new IllegalArgumentException("unknown flow '" + name + "'; known flows: " + flows.keySet());
        }
        return flow;
    }

    public Set<String> names() {
        return flows.keySet();
    }
}
