package nl.dkgw.chain.simulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.camel.GatewayFlows;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * One running counterpart simulator: a real gateway node with its own test certificates and CPAs, the
 * {@link MisbehaviourLayer} in front of its ebMS endpoint, and behind it the simulated receiving system (the flows'
 * XSD validation and a recorder for CIMS and MijnOverheid, the EchoService for the compliance service).
 */
public final class Simulator implements AutoCloseable {

    private final SimulatorKind kind;
    private final Gateway node;
    private final MisbehaviourLayer layer;
    private final Map<Profile, String> cpaIds = new LinkedHashMap<>();
    private GatewayFlows flows;
    private FlowRecorder recorder;
    private EchoService echo;

    Simulator(SimulatorKind kind, Gateway node, MisbehaviourLayer layer) {
        this.kind = kind;
        this.node = node;
        this.layer = layer;
    }

    void receiveWith(GatewayFlows flows) {
        this.flows = flows;
        this.recorder = new FlowRecorder(flows.runtime(), kind.flows());
    }

    void echo() {
        this.echo = new EchoService(node);
    }

    void cpa(Profile profile, String cpaId) {
        cpaIds.put(profile, cpaId);
    }

    public SimulatorKind kind() {
        return kind;
    }

    public String name() {
        return kind.id();
    }

    public Gateway node() {
        return node;
    }

    public URI endpoint() {
        return URI.create("https://localhost:" + node.ebmsPort() + "/ebms");
    }

    /** The node's admin console (on loopback). */
    public URI console() {
        return URI.create("http://127.0.0.1:" + node.adminPort() + "/console/");
    }

    /** The CPA id per profile this simulator agrees with the client party. */
    public Map<Profile, String> cpaIds() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpaIds));
    }

    public String cpaId(Profile profile) {
        String id = cpaIds.get(profile);
        if (id == null) {
            throw new IllegalArgumentException("simulator " + name() + " has no CPA for profile " + profile.code());
        }
        return id;
    }

    /** Switches how the simulator treats the next business messages (signals always pass). */
    public void misbehave(Misbehaviour misbehaviour) {
        layer.set(misbehaviour);
    }

    public Misbehaviour misbehaviour() {
        return layer.current();
    }

    /** Every post to the ebMS endpoint, with what the layer did with it. */
    public List<PostedMessage> posted() {
        return layer.posted();
    }

    /** The business messages the node took in (each MessageId once: duplicates are eliminated). */
    public List<StoredMessage> received() {
        return node.received(null, null, 10_000);
    }

    /** What the simulated receiving system got from the flows (empty for the echo service). */
    public List<FlowDelivery> deliveries() {
        return recorder == null ? List.of() : recorder.deliveries();
    }

    /** Forgets the posts and deliveries recorded so far (the node's store keeps its messages). */
    public void clearRecords() {
        layer.clear();
        if (recorder != null) {
            recorder.clear();
        }
    }

    @Override
    public void close() {
        if (echo != null) {
            echo.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (flows != null) {
            flows.close();
        }
        node.close();
    }
}
