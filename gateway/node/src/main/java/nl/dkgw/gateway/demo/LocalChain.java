package nl.dkgw.gateway.demo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.pki.testpki.TestPki;
import org.eclipse.jetty.server.Handler;

/**
 * Two gateway nodes on loopback with a throw-away test PKI and generated CPAs: the set-up of the demo, and of the
 * tests that exchange messages between real nodes. Each node has its own data directory (and H2 database) under the
 * chain directory unless a JDBC URL is given. The nodes' admin APIs run on loopback without authentication
 * ({@code admin.auth: none}) unless a start variant gives them users.
 */
public final class LocalChain implements AutoCloseable {

    public static final String SERVICE = "dkgw:demo:1.0";
    public static final String TO_PROVIDER = "SendTestResult";
    public static final String TO_CONSUMER = "SendNotice";

    /** A party of the chain: its name (directory and node id) and OIN. */
    public record Party(String name, String oin) {}

    public static final Party CONSUMER = new Party("ggd", "00000099000000001000");
    public static final Party PROVIDER = new Party("rivm", "00000099000000002000");

    private final Path dir;
    private final TestPki pki;
    private final Map<String, GatewayConfig> configs = new LinkedHashMap<>();
    private final Map<String, Gateway> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> ebmsPorts = new LinkedHashMap<>();
    private final Map<String, String> jdbcUrls;
    private final List<String> cpaXml = new ArrayList<>();
    private final Map<Profile, String> cpaIds = new LinkedHashMap<>();
    private UnaryOperator<Handler> inboundLayer = handler -> handler;

    private LocalChain(Path dir, Map<String, String> jdbcUrls) throws Exception {
        this.dir = dir;
        this.jdbcUrls = jdbcUrls;
        this.pki = TestPki.generate(
                dir.resolve("pki"),
                List.of(
                        new TestPki.PartySpec(CONSUMER.name(), CONSUMER.oin(), "localhost"),
                        new TestPki.PartySpec(PROVIDER.name(), PROVIDER.oin(), "localhost")));
    }

    /** Creates the PKI and starts both nodes on free ports; then generates and imports the given CPAs. */
    public static LocalChain start(
            Path dir,
            Map<String, String> jdbcUrls,
            Duration retryInterval,
            List<Profile> profiles,
            SyncReplyMode syncReplyMode)
            throws Exception {
        return start(dir, jdbcUrls, retryInterval, profiles, syncReplyMode, c -> c);
    }

    /**
     * As {@link #start(Path, Map, Duration, List, SyncReplyMode)}, with each node's configuration changed by
     * {@code nodeConfig} first, e.g. to give the admin API users (the chain's nodes run it without authentication,
     * {@code admin.auth: none}, unless changed here).
     */
    public static LocalChain start(
            Path dir,
            Map<String, String> jdbcUrls,
            Duration retryInterval,
            List<Profile> profiles,
            SyncReplyMode syncReplyMode,
            UnaryOperator<GatewayConfig> nodeConfig)
            throws Exception {
        return start(dir, jdbcUrls, retryInterval, profiles, syncReplyMode, nodeConfig, handler -> handler);
    }

    /**
     * As {@link #start(Path, Map, Duration, List, SyncReplyMode, UnaryOperator)}, with
     * {@code inboundLayer} in front of each node's ebMS endpoint ({@link Gateway#start(GatewayConfig, Path,
     * UnaryOperator)}), e.g. to record what arrives on the wire; restarted nodes keep it.
     */
    public static LocalChain start(
            Path dir,
            Map<String, String> jdbcUrls,
            Duration retryInterval,
            List<Profile> profiles,
            SyncReplyMode syncReplyMode,
            UnaryOperator<GatewayConfig> nodeConfig,
            UnaryOperator<Handler> inboundLayer)
            throws Exception {
        LocalChain chain = new LocalChain(dir, jdbcUrls);
        chain.inboundLayer = inboundLayer;
        try {
            chain.startNode(CONSUMER, 0, nodeConfig);
            chain.startNode(PROVIDER, 0, nodeConfig);
            for (Profile profile : profiles) {
                chain.addCpa(profile, retryInterval, syncReplyMode);
            }
            return chain;
        } catch (Exception e) {
            chain.close();
            throw e;
        }
    }

    public static LocalChain start(Path dir) throws Exception {
        return start(dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM, Profile.OSB_BE), SyncReplyMode.NONE);
    }

    private void startNode(Party party, int ebmsPort) throws Exception {
        startNode(party, ebmsPort, c -> c);
    }

    private void startNode(Party party, int ebmsPort, UnaryOperator<GatewayConfig> change) throws Exception {
        String pw = new String(pki.password());
        GatewayConfig config = new GatewayConfig(
                new GatewayConfig.Node(party.name(), "data"),
                new GatewayConfig.Ebms("127.0.0.1", ebmsPort, "/ebms"),
                GatewayConfig.Admin.withoutAuthentication("127.0.0.1", 0),
                new GatewayConfig.Tls(
                        GatewayConfig.KeySource.pkcs12(
                                pki.tlsServer(party.name()).toString(), pw),
                        GatewayConfig.KeySource.pkcs12(
                                pki.tlsClient(party.name()).toString(), pw),
                        pki.trustStore().toString(),
                        pw,
                        true,
                        pki.crlDirectory().toString(),
                        null,
                        null),
                new GatewayConfig.Database(jdbcUrls.get(party.name()), null, null, 8),
                new GatewayConfig.Delivery(
                        4,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20),
                        3,
                        Duration.ofSeconds(1)),
                null,
                null,
                new GatewayConfig.Security(
                        GatewayConfig.KeySource.pkcs12(pki.signing(party.name()).toString(), pw),
                        GatewayConfig.KeySource.pkcs12(
                                pki.encryption(party.name()).toString(), pw),
                        false));
        config = change.apply(config);
        Path nodeDir = dir.resolve(party.name());
        Files.createDirectories(nodeDir);
        Gateway gateway = Gateway.start(config, nodeDir, inboundLayer);
        configs.put(party.name(), config);
        nodes.put(party.name(), gateway);
        ebmsPorts.put(party.name(), gateway.ebmsPort());
    }

    /** The two demo actions: one each way. */
    public static List<ActionSpec> demoActions() {
        return List.of(
                new ActionSpec(TO_PROVIDER, ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                new ActionSpec(TO_CONSUMER, ActionSpec.Direction.PROVIDER_TO_CONSUMER));
    }

    /** Generates a CPA between the two parties for one profile, both directions, and imports it on both nodes. */
    public String addCpa(Profile profile, Duration retryInterval, SyncReplyMode syncReplyMode) throws Exception {
        return addCpa(profile, retryInterval, syncReplyMode, DigitalEnvelope.STANDARD);
    }

    /**
     * As {@link #addCpa(Profile, Duration, SyncReplyMode)}, naming {@code envelope} on the encrypted profiles, e.g.
     * {@link DigitalEnvelope#COMPATIBILITY} (AES-128-CBC with RSA 1.5), which the nodes import only with
     * {@code security.compatibility-mode} on ({@link GatewayConfig#withCompatibilityMode(boolean)}).
     */
    public String addCpa(Profile profile, Duration retryInterval, SyncReplyMode syncReplyMode, DigitalEnvelope envelope)
            throws Exception {
        String id = importEverywhere(generateCpa(profile, retryInterval, syncReplyMode, demoActions(), envelope));
        cpaIds.put(profile, id);
        return id;
    }

    /** A CPA between the two parties of this chain for the profile's service, with the given actions. */
    public String generateCpa(
            Profile profile, Duration retryInterval, SyncReplyMode syncReplyMode, List<ActionSpec> actions) {
        return generateCpa(profile, retryInterval, syncReplyMode, actions, DigitalEnvelope.STANDARD);
    }

    /** As {@link #generateCpa(Profile, Duration, SyncReplyMode, List)}, naming {@code envelope} if encrypted. */
    public String generateCpa(
            Profile profile,
            Duration retryInterval,
            SyncReplyMode syncReplyMode,
            List<ActionSpec> actions,
            DigitalEnvelope envelope) {
        ServiceSpec service = new ServiceSpec(
                serviceName(profile),
                profile,
                "Ontvanger",
                "Aanleverer",
                actions,
                profile.reliable() ? 5 : 0,
                profile.reliable() ? retryInterval : Duration.ZERO,
                profile.reliable() ? persistDuration(retryInterval) : Duration.ZERO,
                syncReplyMode,
                partySpec(PROVIDER));
        return CpaGenerator.generate(service, partySpec(CONSUMER), envelope);
    }

    /** Long enough that a slow machine never expires a message the chain is still trying to deliver. */
    private static Duration persistDuration(Duration retryInterval) {
        Duration thirtyRetries = retryInterval.multipliedBy(30);
        return thirtyRetries.compareTo(Duration.ofMinutes(10)) > 0 ? thirtyRetries : Duration.ofMinutes(10);
    }

    /** Imports (or replaces) a CPA on every running node of the chain; returns its id. */
    public String importEverywhere(String xml) throws Exception {
        cpaXml.add(xml);
        String id = null;
        for (Gateway node : nodes.values()) {
            id = node.importCpa(xml).cpa().cpaId();
        }
        return id;
    }

    /** The service of the CPA generated for a profile. */
    public static String serviceName(Profile profile) {
        return SERVICE.replace("demo", "demo-" + profile.code());
    }

    private PartySpec partySpec(Party party) {
        return new PartySpec(
                party.name(),
                party.oin(),
                URI.create("https://localhost:" + ebmsPorts.get(party.name()) + "/ebms"),
                pki.certificate(party.name(), TestPki.Usage.TLS_CLIENT),
                pki.certificate(party.name(), TestPki.Usage.TLS_SERVER),
                pki.certificate(party.name(), TestPki.Usage.SIGNING),
                pki.certificate(party.name(), TestPki.Usage.ENCRYPTION));
    }

    public Gateway consumer() {
        return nodes.get(CONSUMER.name());
    }

    public Gateway provider() {
        return nodes.get(PROVIDER.name());
    }

    public Gateway node(String name) {
        return nodes.get(name);
    }

    public TestPki pki() {
        return pki;
    }

    public Path dir() {
        return dir;
    }

    public GatewayConfig config(String name) {
        return configs.get(name);
    }

    /** The id of the CPA generated for a profile. */
    public String cpaId(Profile profile) {
        return cpaIds.get(profile);
    }

    public List<String> cpas() {
        return List.copyOf(cpaXml);
    }

    /** Stops a node (its data stays), e.g. to make it unreachable for a while. */
    public void stop(String name) {
        Gateway node = nodes.remove(name);
        if (node != null) {
            node.close();
        }
    }

    /** Starts a stopped node again on the same ebMS port, so the CPAs still point at it. */
    public Gateway restart(String name) throws Exception {
        return restart(name, c -> c);
    }

    /** Starts a node again on the same ebMS port with a changed configuration. */
    public Gateway restart(String name, UnaryOperator<GatewayConfig> change) throws Exception {
        stop(name);
        Party party = name.equals(CONSUMER.name()) ? CONSUMER : PROVIDER;
        startNode(party, ebmsPorts.get(name), change);
        return nodes.get(name);
    }

    @Override
    public void close() {
        for (Gateway node : nodes.values()) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        nodes.clear();
    }
}
