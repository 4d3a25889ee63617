package nl.dkgw.chain.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.StatusResult;
import nl.dkgw.routes.node.GatewayFlows;

/**
 * One running counterpart simulator: a real gateway node with its own test certificates and CPAs, the
 * {@link MisbehaviourLayer} in front of its ebMS endpoint, and behind it the simulated receiving system (the flows'
 * XSD validation and a recorder for CIMS and MijnOverheid, the EchoService for the compliance service and the
 * foreign peer). The foreign peer also has a {@link ForeignWireLayer} between the two layers for its habits.
 */
public final class Simulator implements AutoCloseable {

    private final SimulatorKind kind;
    private final Gateway node;
    private final MisbehaviourLayer layer;
    private final ForeignWireLayer wire;
    private final ForeignRequests requests;
    private final ForeignHabits startHabits;
    private final Map<Profile, String> cpaIds = new LinkedHashMap<>();
    private GatewayFlows flows;
    private FlowRecorder recorder;
    private EchoService echo;
    private FileEndpointProxy relay;

    /** A simulator with the foreign peer's wire layer ({@code wire} null: a dkgw-style simulator). */
    Simulator(SimulatorKind kind, Gateway node, MisbehaviourLayer layer, ForeignWireLayer wire, ForeignCpaTerms terms) {
        this.kind = kind;
        this.node = node;
        this.layer = layer;
        this.wire = wire;
        this.startHabits = wire == null ? ForeignHabits.none() : wire.habits();
        this.requests = wire == null
                ? null
                : new ForeignRequests(node, wire, terms.syncReplyMode() == SyncReplyMode.MSH_SIGNALS_ONLY);
    }

    void receiveWith(GatewayFlows flows) {
        this.flows = flows;
        this.recorder = new FlowRecorder(flows.runtime(), kind.flows());
    }

    void relay(FileEndpointProxy proxy) {
        this.relay = proxy;
    }

    /**
     * Cuts the next download of one of its Grote Berichten files once that connection carried {@code bytes} bytes
     * (a broken network); the downloader should resume.
     */
    public void cutNextDownloadAfter(long bytes) {
        relay.cutNextAfter(bytes);
    }

    /** The connections to its Grote Berichten file endpoint so far: bytes carried to the downloader, cut or not. */
    public List<FileEndpointProxy.Connection> downloads() {
        return relay == null ? List.of() : relay.connections();
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

    /** Whether its node has Grote Berichten on (serves and downloads files). */
    public boolean gb() {
        return node.config().gb().enabled();
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
        return Collections.unmodifiableMap(new LinkedHashMap<>(cpaIds));
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

    /** The foreign habits this simulator shows now (none for a dkgw-style simulator). */
    public ForeignHabits habits() {
        return wire == null ? ForeignHabits.none() : wire.habits();
    }

    /**
     * Switches the foreign peer's wire habits at once; the habits chosen at start (in the CPAs and keys) stay as
     * they were. Returns the habits now shown.
     *
     * @throws IllegalStateException on a simulator that is not the foreign peer
     */
    public ForeignHabits habits(ForeignHabits wanted) {
        if (wire == null) {
            throw new IllegalStateException("simulator " + name() + " is a dkgw node and has no foreign habits");
        }
        ForeignHabits now = wanted.keepingStartChoicesOf(startHabits);
        wire.habits(now);
        return now;
    }

    /** The posts the foreign peer refused as not schema-valid (empty for a dkgw-style simulator). */
    public List<SchemaRefusal> schemaRefusals() {
        return wire == null ? List.of() : wire.refusals();
    }

    /**
     * Pings the other party of the CPA: the foreign peer in its own style (without eb:Role, checking the Pong
     * strictly), a dkgw-style simulator as its node does.
     */
    public SignalExchange pingCounterpart(String cpaId) {
        if (requests != null) {
            return requests.ping(cpaId);
        }
        PingResult r = node.ping(cpaId, Duration.ofSeconds(30));
        return new SignalExchange(r.pong(), r.pingMessageId(), r.detail(), "", "");
    }

    /** Asks the other party of the CPA about a message with a StatusRequest, as {@link #pingCounterpart} pings. */
    public SignalExchange statusRequestToCounterpart(String cpaId, String messageId) {
        if (requests != null) {
            return requests.statusRequest(cpaId, messageId);
        }
        StatusResult r = node.messages().statusRequest(cpaId, messageId, Duration.ofSeconds(30));
        return new SignalExchange(
                r.messageStatus() != null,
                null,
                r.messageStatus() != null ? "StatusResponse " + r.messageStatus() : "no StatusResponse: " + r.failure(),
                "",
                "");
    }

    /** Every post to the ebMS endpoint, with what the layer did with it. */
    public List<PostedMessage> posted() {
        return layer.posted();
    }

    /** The business messages the node took in (each MessageId once: duplicates are eliminated). */
    public List<MessageSummary> received() {
        return node.inbound().received(MessageRoute.any(), null, 10_000);
    }

    /** What the simulated receiving system got from the flows (empty for the echo service). */
    public List<FlowDelivery> deliveries() {
        return recorder == null ? List.of() : recorder.deliveries();
    }

    /** Forgets the posts and deliveries recorded so far (the node's store keeps its messages). */
    public void clearRecords() {
        layer.clear();
        if (relay != null) {
            relay.clear();
        }
        if (wire != null) {
            wire.clear();
        }
        if (recorder != null) {
            recorder.clear();
        }
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
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
