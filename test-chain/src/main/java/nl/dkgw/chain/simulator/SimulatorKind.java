package nl.dkgw.chain.simulator;

import java.util.List;
import java.util.Locale;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;

/**
 * The counterparts dkgw can simulate: each is a party with its own OIN and test certificates, the services it
 * offers (one CPA per profile it agrees), and what it does with what it receives.
 */
public enum SimulatorKind {

    /** RIVM's CIMS registry: takes CoronIT test results and vaccination events, validated against the flows' XSDs. */
    CIMS(
            "cims",
            "rivm-cims",
            "00000099000000002000",
            "RIVM CIMS (CoronIT test results, vaccination events)",
            "dkgw:cims:1.0",
            List.of(Profile.OSB_RM_S),
            List.of(
                    new FlowAction(TestResultFlow.NAME, "CoronitTestResult", "cims.testresults"),
                    new FlowAction(VaccinationFlow.NAME, "VaccinationEvent", "cims.vaccinations"))),

    /** MijnOverheid Lopende Zaken: takes case status notices, validated against the flow's XSD. */
    MIJNOVERHEID(
            "mijnoverheid",
            "logius-mijnoverheid",
            "00000099000000003000",
            "MijnOverheid Lopende Zaken (case status notices)",
            "dkgw:lopendezaken:1.0",
            List.of(Profile.OSB_RM_S),
            List.of(new FlowAction(StatusNoticeFlow.NAME, "ZaakStatusNotice", "mijnoverheid.lopendezaken"))),

    /**
     * The compliance echo service, after the Digikoppeling Compliance Voorziening: answers every message it receives
     * with a response message carrying the same payloads, in each of the six profiles.
     */
    COMPLIANCE(
            "compliance",
            "compliance",
            "00000099000000004000",
            "compliance echo service (EchoService, all six profiles)",
            "dkgw:compliance:1.0",
            List.of(Profile.values()),
            List.of()),

    /**
     * A foreign peer: a party whose adapter is not dkgw but behaves like the other adapters in the field (the
     * reference adapter ebms-core / ebms-admin 2.20.x), switchable per {@link ForeignHabit}. Behind it the same
     * echo service as the compliance simulator, in each of the six profiles, so the compliance suite runs against it.
     */
    FOREIGN(
            "foreign",
            "foreign-adapter",
            "00000099000000005000",
            "foreign peer (reference adapter habits, echo service, all six profiles)",
            "dkgw:foreign:1.0",
            List.of(Profile.values()),
            List.of());

    public static final String ECHO_REQUEST = "EchoRequest";
    public static final String ECHO_RESPONSE = "EchoResponse";

    /** A flow this simulator receives: its action in the CPA and the queue its validated payloads land on. */
    public record FlowAction(String flow, String action, String queue) {}

    private final String id;
    private final String partyName;
    private final String oin;
    private final String description;
    private final String service;
    private final List<Profile> profiles;
    private final List<FlowAction> flows;

    SimulatorKind(
            String id,
            String partyName,
            String oin,
            String description,
            String service,
            List<Profile> profiles,
            List<FlowAction> flows) {
        this.id = id;
        this.partyName = partyName;
        this.oin = oin;
        this.description = description;
        this.service = service;
        this.profiles = profiles;
        this.flows = flows;
    }

    /** The name {@code dkgw simulate} takes. */
    public String id() {
        return id;
    }

    /** The party's name in the test PKI and CPAs. */
    public String partyName() {
        return partyName;
    }

    public String oin() {
        return oin;
    }

    public String description() {
        return description;
    }

    public List<Profile> profiles() {
        return profiles;
    }

    public List<FlowAction> flows() {
        return flows;
    }

    public boolean echoes() {
        return this == COMPLIANCE || this == FOREIGN;
    }

    /** True for the simulator that behaves like a non-dkgw adapter ({@link ForeignHabit}). */
    public boolean foreign() {
        return this == FOREIGN;
    }

    /** The service of the CPA for one profile (the compliance and foreign services have one per profile). */
    public String service(Profile profile) {
        return profiles.size() == 1 ? service : service.replace(":1.0", "-" + profile.code() + ":1.0");
    }

    /** The actions of the CPA: the flows' actions from the client; for the echo service a request and a response. */
    public List<ActionSpec> actions() {
        if (echoes()) {
            return List.of(
                    new ActionSpec(ECHO_REQUEST, ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                    new ActionSpec(ECHO_RESPONSE, ActionSpec.Direction.PROVIDER_TO_CONSUMER));
        }
        return flows.stream()
                .map(f -> new ActionSpec(f.action(), ActionSpec.Direction.CONSUMER_TO_PROVIDER))
                .toList();
    }

    public static SimulatorKind of(String name) {
        for (SimulatorKind k : values()) {
            if (k.id.equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "no simulator '" + name + "'; one of cims, mijnoverheid, compliance, foreign, all");
    }
}
