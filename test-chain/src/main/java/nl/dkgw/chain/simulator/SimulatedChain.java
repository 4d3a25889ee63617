package nl.dkgw.chain.simulator;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.CpaStoreException;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.node.GatewayFlows;
import org.eclipse.jetty.server.Handler;

/**
 * Counterpart simulators and what a client gateway needs to talk to them: one test PKI with the client party
 * ({@link #CLIENT}, the GGD in the demo) and every simulator party, a CPA per simulator and profile between the
 * client and the simulator, written to {@code cpa/}, and a ready {@code client/gateway.yml} for the client's node.
 *
 * <p>Simulator CPAs ask for synchronous acknowledgments (syncReplyMode mshSignalsOnly, which Digikoppeling allows),
 * so a simulator told to drop acknowledgments really withholds them; reliable profiles retry 3 times a second apart.
 * The foreign peer's CPAs follow its habits instead ({@link ForeignCpaTerms}): by default syncReplyMode none and,
 * in the encrypted profiles, AES-CBC with RSA 1.5. A client that talks to it needs compatibility mode and the
 * intermediate CAs ({@link #clientConfig}).
 */
public final class SimulatedChain implements AutoCloseable {

    /** The party the simulators talk to: the user's gateway (GGD in the demo). */
    public static final String CLIENT_NAME = "ggd";

    public static final String CLIENT_OIN = "00000099000000001000";

    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final Path dir;
    private final TestPki pki;
    private final Map<SimulatorKind, Simulator> simulators = new LinkedHashMap<>();
    private final Map<String, String> cpaXml = new LinkedHashMap<>();
    private final List<Path> cpaFiles = new ArrayList<>();
    private ForeignHabits foreignHabits = ForeignHabits.all();
    private List<GatewayConfig.User> adminUsers = List.of();

    private SimulatedChain(Path dir, TestPki pki) {
        this.dir = dir;
        this.pki = pki;
    }

    /** Creates (or, when {@code dir/pki} holds one, opens) the test PKI of the client and all simulator parties. */
    public static SimulatedChain prepare(Path dir) throws Exception {
        Path pkiDir = dir.resolve("pki");
        TestPki pki;
        if (Files.exists(pkiDir.resolve("testpki.properties"))) {
            pki = TestPki.open(pkiDir);
        } else {
            List<TestPki.PartySpec> parties = new ArrayList<>();
            parties.add(new TestPki.PartySpec(CLIENT_NAME, CLIENT_OIN, "localhost"));
            for (SimulatorKind k : SimulatorKind.values()) {
                parties.add(new TestPki.PartySpec(k.partyName(), k.oin(), "localhost"));
            }
            pki = TestPki.generate(pkiDir, parties);
        }
        for (SimulatorKind k : SimulatorKind.values()) {
            if (pki.parties().stream().noneMatch(p -> p.name().equals(k.partyName()))) {
                throw new IllegalStateException("the test PKI in " + pkiDir + " has no party " + k.partyName()
                        + " (simulator " + k.id() + "); it was made by an older dkgw: remove " + dir
                        + " or choose another directory");
            }
        }
        return new SimulatedChain(dir, pki);
    }

    /** The habits the foreign peer shows when it starts (all by default); call before {@link #start}. */
    public SimulatedChain withForeignHabits(ForeignHabits habits) {
        this.foreignHabits = habits;
        return this;
    }

    public ForeignHabits foreignHabits() {
        return foreignHabits;
    }

    /**
     * Gives every node configured from now on (simulators and {@link #nodeConfig}) an admin API and console that need
     * one of {@code users}; without, they run without authentication (loopback only).
     */
    public SimulatedChain withAdminUsers(List<GatewayConfig.User> users) {
        this.adminUsers = List.copyOf(users);
        return this;
    }

    /**
     * Starts the simulators on free ports, generates their CPAs with the client at {@code clientEndpoint}, imports
     * them into the simulators and writes them to {@code cpa/}.
     */
    public SimulatedChain start(Collection<SimulatorKind> kinds, URI clientEndpoint) throws Exception {
        try {
            for (SimulatorKind kind : kinds) {
                startSimulator(kind, clientEndpoint);
            }
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startSimulator(SimulatorKind kind, URI clientEndpoint) throws Exception {
        Path nodeDir = dir.resolve("simulators").resolve(kind.id());
        Files.createDirectories(nodeDir);
        ForeignHabits habits = kind.foreign() ? foreignHabits : ForeignHabits.none();
        ForeignCpaTerms terms = kind.foreign() ? new ForeignCpaTerms(habits) : ForeignCpaTerms.ours();
        GatewayConfig base = kind.foreign() ? foreignNodeConfig(kind, habits) : nodeConfig(kind.partyName(), 0, 0);
        // its files are offered behind a relay that the control endpoint can tell to cut a download
        FileEndpointProxy relay = new FileEndpointProxy();
        GatewayConfig.Gb gb = base.gb();
        GatewayConfig config = base.withGb(new GatewayConfig.Gb(
                gb.enabled(),
                gb.storeDir(),
                "https://127.0.0.1:" + relay.port() + GatewayConfig.Gb.FILE_PATH,
                gb.fileLifetime(),
                gb.downloadDir(),
                gb.maxConcurrentDownloads(),
                gb.downloadAttempts()));
        MisbehaviourLayer[] layer = new MisbehaviourLayer[1];
        ForeignWireLayer[] wire = new ForeignWireLayer[1];
        Gateway node = Gateway.start(config, nodeDir, handler -> {
            Handler inner = handler;
            if (kind.foreign()) {
                wire[0] = new ForeignWireLayer(kind.id(), config.limits().maxMessageBytes(), habits, handler);
                inner = wire[0];
            }
            layer[0] =
                    new MisbehaviourLayer(kind.id(), kind.oin(), config.limits().maxMessageBytes(), inner);
            return layer[0];
        });
        relay.target(node.ebmsPort());
        Simulator simulator = new Simulator(kind, node, layer[0], wire[0], terms);
        simulator.relay(relay);
        simulators.put(kind, simulator);
        Files.createDirectories(dir.resolve("cpa"));
        for (Profile profile : kind.profiles()) {
            ServiceSpec spec = new ServiceSpec(
                    kind.service(profile),
                    profile,
                    "Ontvanger",
                    "Aanleverer",
                    kind.actions(),
                    profile.reliable() ? 3 : 0,
                    profile.reliable() ? RETRY_INTERVAL : Duration.ZERO,
                    profile.reliable() ? Duration.ofMinutes(10) : Duration.ZERO,
                    terms.syncReplyMode(),
                    party(kind.partyName(), kind.oin(), simulator.endpoint()));
            String xml = CpaGenerator.generate(
                    spec, party(CLIENT_NAME, CLIENT_OIN, clientEndpoint), terms.envelope(profile));
            String id = kind.foreign()
                    ? storeAsTheAdapterDoes(node, xml)
                    : node.importCpa(xml).cpa().cpaId();
            simulator.cpa(profile, id);
            cpaXml.put(id, xml);
            Path file = dir.resolve("cpa").resolve(kind.id() + "-" + profile.code() + ".xml");
            Files.writeString(file, xml);
            cpaFiles.add(file);
        }
        if (!kind.flows().isEmpty()) {
            Map<String, FlowsConfig.FlowConfig> definitions = new LinkedHashMap<>();
            Profile profile = kind.profiles().get(0);
            for (SimulatorKind.FlowAction f : kind.flows()) {
                definitions.put(
                        f.flow(),
                        new FlowsConfig.FlowConfig(
                                null,
                                new FlowsConfig.Receive(
                                        simulator.cpaId(profile),
                                        kind.service(profile),
                                        f.action(),
                                        null,
                                        new FlowsConfig.DeliverTo(f.queue(), null, null)),
                                null));
            }
            simulator.receiveWith(GatewayFlows.start(node, new FlowsConfig(null, null, null, definitions), nodeDir));
        }
        if (kind.echoes()) {
            simulator.echo();
        }
    }

    /**
     * The foreign peer takes its CPAs by its own rules, not dkgw's import checks (which refuse AES-CBC unless the
     * node runs in compatibility mode): stored as they are, replacing an earlier copy.
     */
    private static String storeAsTheAdapterDoes(Gateway node, String xml) throws Exception {
        try {
            return node.cpas().insert(xml).cpaId();
        } catch (CpaStoreException e) {
            if (e.reason() != CpaStoreException.Reason.ALREADY_EXISTS) {
                throw e;
            }
            return node.cpas().replace(xml).cpaId();
        }
    }

    /**
     * The foreign peer's node: compatibility mode on (it encrypts with AES-CBC and RSA 1.5 where its CPA says so)
     * and, with {@link ForeignHabit#LEAF_ONLY_KEY_INFO}, signatures whose ds:KeyInfo holds the leaf alone
     * ({@code security.signature-key-info: leaf}).
     */
    private GatewayConfig foreignNodeConfig(SimulatorKind kind, ForeignHabits habits) {
        GatewayConfig c = nodeConfig(kind.partyName(), 0, 0);
        GatewayConfig.Security s = new GatewayConfig.Security(
                c.security().signingKey(), c.security().encryptionKey(), true);
        return withSecurity(
                c,
                c.tls(),
                habits.has(ForeignHabit.LEAF_ONLY_KEY_INFO)
                        ? s.withSignatureKeyInfo(GatewayConfig.Security.KEY_INFO_LEAF)
                        : s);
    }

    /**
     * The configuration of the client's node as a user sets it up for all the simulators, the foreign peer
     * included (docs/interop.md): compatibility mode on, for the foreign peer's AES-CBC, and the intermediate CAs
     * configured, for its signatures that carry only the signer's certificate.
     */
    public GatewayConfig clientConfig(int ebmsPort, int adminPort) throws Exception {
        GatewayConfig c = nodeConfig(CLIENT_NAME, ebmsPort, adminPort);
        return withSecurity(
                c,
                c.tls().withIntermediates(IntermediateCas.pemBundle(pki).toString()),
                new GatewayConfig.Security(
                        c.security().signingKey(), c.security().encryptionKey(), true));
    }

    private static GatewayConfig withSecurity(GatewayConfig c, GatewayConfig.Tls tls, GatewayConfig.Security s) {
        return c.withTls(tls).withSecurity(s);
    }

    private PartySpec party(String name, String oin, URI endpoint) {
        return new PartySpec(
                name,
                oin,
                endpoint,
                pki.certificate(name, TestPki.Usage.TLS_CLIENT),
                pki.certificate(name, TestPki.Usage.TLS_SERVER),
                pki.certificate(name, TestPki.Usage.SIGNING),
                pki.certificate(name, TestPki.Usage.ENCRYPTION));
    }

    /**
     * The configuration of a node of a party of this PKI (test certificates, CRLs from the PKI's directory), with
     * Grote Berichten on (its files under the node's data directory).
     */
    public GatewayConfig nodeConfig(String party, int ebmsPort, int adminPort) {
        String pw = new String(pki.password());
        return new GatewayConfig(
                        new GatewayConfig.Node(party, "data"),
                        new GatewayConfig.Ebms("127.0.0.1", ebmsPort, "/ebms"),
                        adminUsers.isEmpty()
                                ? GatewayConfig.Admin.withoutAuthentication("127.0.0.1", adminPort)
                                : new GatewayConfig.Admin("127.0.0.1", adminPort, null).withUsers(adminUsers),
                        new GatewayConfig.Tls(
                                GatewayConfig.KeySource.pkcs12(
                                        pki.tlsServer(party).toString(), pw),
                                GatewayConfig.KeySource.pkcs12(
                                        pki.tlsClient(party).toString(), pw),
                                pki.trustStore().toString(),
                                pw,
                                true,
                                pki.crlDirectory().toString(),
                                null,
                                null),
                        new GatewayConfig.Database(null, null, null, 8),
                        new GatewayConfig.Delivery(
                                4,
                                Duration.ofMillis(100),
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(20),
                                3,
                                Duration.ofSeconds(1)),
                        null,
                        null,
                        new GatewayConfig.Security(
                                GatewayConfig.KeySource.pkcs12(
                                        pki.signing(party).toString(), pw),
                                GatewayConfig.KeySource.pkcs12(
                                        pki.encryption(party).toString(), pw),
                                false))
                .withGb(GatewayConfig.Gb.on());
    }

    /** Imports every simulator CPA into the client's node. */
    public void importInto(Gateway client) throws Exception {
        for (String xml : cpaXml.values()) {
            client.importCpa(xml);
        }
    }

    /**
     * Imports every simulator CPA into the client's node, each on its own, as a user would one by one: the CPAs it
     * refused, by CPAId, with the reason (empty when all were imported).
     */
    public Map<String, String> importEachInto(Gateway client) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (Map.Entry<String, String> cpa : cpaXml.entrySet()) {
            try {
                client.importCpa(cpa.getValue());
            } catch (Exception e) {
                refused.put(cpa.getKey(), e.getMessage());
            }
        }
        return refused;
    }

    /**
     * Writes a configuration for the client's node: its test certificates, the trust store, and the simulators'
     * CPAs; the ebMS endpoint on the port of {@code clientEndpoint}.
     */
    public Path writeClientConfig(URI clientEndpoint, int adminPort) throws Exception {
        Path file = dir.resolve("client").resolve("gateway.yml");
        Files.createDirectories(file.getParent());
        String pw = new String(pki.password());
        StringBuilder y = new StringBuilder();
        y.append("# The client party (")
                .append(CLIENT_NAME)
                .append(", OIN ")
                .append(CLIENT_OIN)
                .append(") of the dkgw simulators: test certificates only, never for production.\n");
        y.append("node:\n  id: ").append(CLIENT_NAME).append("\n  data-dir: data\n");
        y.append("ebms:\n  host: 127.0.0.1\n  port: ")
                .append(clientEndpoint.getPort())
                .append("\n  path: ")
                .append(clientEndpoint.getPath())
                .append('\n');
        // a test party on loopback: its admin API runs without users (a production node has admin.users)
        y.append("admin:\n  host: 127.0.0.1\n  port: ").append(adminPort).append("\n  auth: none\n");
        y.append("tls:\n");
        key(y, "server-key", pki.tlsServer(CLIENT_NAME), pw);
        key(y, "client-key", pki.tlsClient(CLIENT_NAME), pw);
        y.append("  trust-store: ").append(pki.trustStore()).append('\n');
        boolean foreign = simulators.containsKey(SimulatorKind.FOREIGN);
        if (foreign) {
            // the foreign peer signs with only its own certificate in ds:KeyInfo: the intermediates are needed
            y.append("  intermediates: ").append(IntermediateCas.pemBundle(pki)).append('\n');
        }
        y.append("  trust-store-password: ").append(pw).append('\n');
        y.append("  crl-check: true\n  crl-dir: ").append(pki.crlDirectory()).append('\n');
        y.append("security:\n");
        key(y, "signing-key", pki.signing(CLIENT_NAME), pw);
        key(y, "encryption-key", pki.encryption(CLIENT_NAME), pw);
        if (foreign) {
            // the foreign peer's encrypted profiles use AES-CBC with RSA 1.5 (docs/interop.md)
            y.append("  compatibility-mode: true\n");
        }
        // the simulators offer and download files through Grote Berichten: the client does too (the suite's GB test)
        y.append("gb:\n  enabled: true\n");
        y.append("cpa:\n  files:\n");
        for (Path cpa : cpaFiles) {
            y.append("    - ").append(cpa.toAbsolutePath()).append('\n');
        }
        Files.writeString(file, y.toString());
        return file;
    }

    private static void key(StringBuilder y, String name, Path file, String password) {
        y.append("  ")
                .append(name)
                .append(":\n    file: ")
                .append(file)
                .append("\n    password: ")
                .append(password)
                .append('\n');
    }

    public Path dir() {
        return dir;
    }

    public TestPki pki() {
        return pki;
    }

    public List<Simulator> simulators() {
        return List.copyOf(simulators.values());
    }

    public Simulator simulator(SimulatorKind kind) {
        Simulator s = simulators.get(kind);
        if (s == null) {
            throw new IllegalArgumentException("simulator " + kind.id() + " is not running");
        }
        return s;
    }

    public List<Path> cpaFiles() {
        return List.copyOf(cpaFiles);
    }

    @Override
    public void close() {
        for (Simulator s : simulators.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        simulators.clear();
    }
}
