package nl.dkgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.dkgw.gateway.config.ConfigurationDoc.Documented;
import org.junit.jupiter.api.Test;

/**
 * The contract between docs/configuration.md and the configuration records: every key the document's tables list is
 * a key the loader knows and every key the loader knows is documented; for each of them, left out it takes the
 * documented default, given it is used, and an invalid value is refused with an error that names the key.
 *
 * <p>The key table is read from docs/configuration.md itself ({@link ConfigurationDoc}); the checks are
 * {@link ConfigurationContract}'s. The {@code flows.*} keys are
 * not covered here: this module's loader leaves the {@code flows:} section to the routes module, whose
 * {@code FlowsConfigurationContractTest} holds them to the same contract against FlowsSection and FlowsConfig.
 */
class ConfigurationContractTest extends ConfigurationContract<GatewayConfig> {

    /** Sections not covered by this test, with the reason (see the class comment). */
    static final Set<String> SKIPPED_SECTIONS = Set.of("flows");
    /** The record-typed keys whose sub-keys the document lists once, in the table "A key source has these keys". */
    static final List<String> KEY_SOURCES =
            List.of("tls.server-key", "tls.client-key", "security.signing-key", "security.encryption-key");
    /** The key source the sub-key rows of that table are checked under. */
    static final String KEY_SOURCE = "tls.server-key";

    /** One loader for all cases (its YAML mapper is the expensive part; it keeps no state between loads). */
    static final GatewayConfigLoader LOADER = new GatewayConfigLoader();

    {
        key("node.id", c -> c.node().id(), "ggd-node-1", "ggd-node-1", "[a, b]", hostDefault());
        key("node.data-dir", c -> c.node().dataDir(), "var/dkgw", "var/dkgw", "''", null);
        key("ebms.host", c -> c.ebms().host(), "127.0.0.1", "127.0.0.1", "''", null);
        key("ebms.port", c -> c.ebms().port(), "9443", 9443, "70000", null);
        key("ebms.path", c -> c.ebms().path(), "/as2", "/as2", "ebms", null);
        key("ebms.soap-action", c -> c.ebms().soapAction(), "lenient", "lenient", "sloppy", null);
        key("admin.host", c -> c.admin().host(), "0.0.0.0", "0.0.0.0", "''", null);
        key("admin.port", c -> c.admin().port(), "9080", 9080, "-1", null);
        key(
                "admin.url",
                c -> c.admin().baseUrl(),
                "https://gw.example/admin/",
                "https://gw.example/admin",
                "gw.example:8080",
                "http://127.0.0.1:8080");
        key("admin.auth", c -> c.admin().auth(), "none", "none", "ldap", null);
        key(
                "admin.users",
                c -> c.admin().users().size(),
                "[{name: alice, password-hash: x, role: admin, payloads: true}]",
                1,
                "alice",
                0);
        key("admin.session-idle", c -> c.admin().sessionIdle(), "PT5M", Duration.ofMinutes(5), "PT0S", null);
        key(
                "tls.server-key",
                c -> c.tls().serverKey() == null ? ABSENT : keySource(c).file(),
                "{file: a.p12}",
                "a.p12",
                "a.p12",
                ABSENT);
        key(
                "tls.client-key",
                c -> c.tls().clientKey() == null ? ABSENT : c.tls().clientKey().file(),
                "{file: client.p12}",
                "client.p12",
                "client.p12",
                ABSENT);
        key("tls.trust-store", c -> orAbsent(c.tls().trustStore()), "trust.p12", "trust.p12", "[a, b]", ABSENT);
        key(
                "tls.trust-store-password",
                c -> orAbsent(c.tls().trustStorePassword()),
                "changeit",
                "changeit",
                "[a]",
                ABSENT);
        key("tls.intermediates", c -> orAbsent(c.tls().intermediates()), "ca.pem", "ca.pem", "{a: b}", ABSENT);
        key("tls.crl-check", c -> c.tls().crlCheck(), "false", false, "maybe", null);
        key("tls.crl-dir", c -> orAbsent(c.tls().crlDir()), "crls", "crls", "[a]", ABSENT);
        key("tls.crl-refresh", c -> c.tls().crlRefresh(), "PT1H", Duration.ofHours(1), "PT0S", null);
        key("tls.crl-grace", c -> c.tls().crlGrace(), "PT1H", Duration.ofHours(1), "-PT1H", null);
        key(KEY_SOURCE + ".type", c -> keySource(c).type(), "pem", "PEM", "JKS", null);
        key(KEY_SOURCE + ".file", c -> orAbsent(keySource(c).file()), "a.p12", "a.p12", "[a]", ABSENT);
        key(KEY_SOURCE + ".password", c -> orAbsent(keySource(c).password()), "pw", "pw", "[a]", ABSENT);
        key(KEY_SOURCE + ".chain", c -> orAbsent(keySource(c).chain()), "chain.pem", "chain.pem", "[a]", ABSENT);
        key(KEY_SOURCE + ".alias", c -> orAbsent(keySource(c).alias()), "tls", "tls", "[a]", ABSENT);
        key(
                "database.url",
                c -> orAbsent(c.database().url()),
                "jdbc:postgresql://db/dkgw",
                "jdbc:postgresql://db/dkgw",
                "[a]",
                ABSENT);
        key("database.user", c -> c.database().user(), "dkgw", "dkgw", "[a]", null);
        key("database.password", c -> c.database().password(), "secret", "secret", "[a]", "");
        key("database.pool-size", c -> c.database().poolSize(), "4", 4, "-4", null);
        key("database.writers", c -> c.database().writers(), "4", 4, "17", null);
        key(
                "database.commit-linger",
                c -> c.database().commitLinger(),
                "PT0.01S",
                Duration.ofMillis(10),
                "PT0.1S",
                null);
        key("delivery.workers", c -> c.delivery().workers(), "2", 2, "-1", null);
        key("delivery.poll-interval", c -> c.delivery().pollInterval(), "PT2S", Duration.ofSeconds(2), "PT0S", null);
        key("delivery.lease", c -> c.delivery().lease(), "PT5M", Duration.ofMinutes(5), "-PT1M", null);
        key(
                "delivery.connect-timeout",
                c -> c.delivery().connectTimeout(),
                "PT3S",
                Duration.ofSeconds(3),
                "soon",
                null);
        key(
                "delivery.request-timeout",
                c -> c.delivery().requestTimeout(),
                "PT90S",
                Duration.ofSeconds(90),
                "PT0S",
                null);
        key("delivery.signal-retries", c -> c.delivery().signalRetries(), "0", 0, "-2", null);
        key(
                "delivery.signal-retry-interval",
                c -> c.delivery().signalRetryInterval(),
                "PT1M",
                Duration.ofMinutes(1),
                "PT0S",
                null);
        key("limits.max-message-bytes", c -> c.limits().maxMessageBytes(), "1048576", 1048576L, "-1", null);
        key("limits.max-payload-parts", c -> c.limits().maxPayloadParts(), "5", 5, "-5", null);
        key("limits.idle-timeout", c -> c.limits().idleTimeout(), "PT10S", Duration.ofSeconds(10), "PT0S", null);
        key(
                "limits.max-inflight-bytes",
                c -> c.limits().maxInflightBytes(),
                "67108864",
                67108864L,
                "-1",
                Runtime.getRuntime().maxMemory() / 2);
        key("limits.inflight-wait", c -> c.limits().inflightWait(), "PT1S", Duration.ofSeconds(1), "-PT1S", null);
        key(
                "limits.request-head-timeout",
                c -> c.limits().requestHeadTimeout(),
                "PT5S",
                Duration.ofSeconds(5),
                "PT0S",
                null);
        key("limits.spool-threshold-bytes", c -> c.limits().spoolThresholdBytes(), "65536", 65536L, "-1", null);
        key(
                "limits.max-message-bytes-by-cpa",
                c -> c.limits().maxMessageBytesByCpa(),
                "{cpa-1: 1048576}",
                Map.of("cpa-1", 1048576L),
                "{cpa-1: -1}",
                Map.of());
        key("limits.spool-dir", c -> orAbsent(c.limits().spoolDir()), "spool", "spool", "''", ABSENT);
        key(
                "limits.keep-alive-timeout",
                c -> c.limits().keepAliveTimeout(),
                "PT10M",
                Duration.ofMinutes(10),
                "PT2H",
                null);
        key(
                "security.signing-key",
                c -> c.security().signingKey() == null
                        ? ABSENT
                        : c.security().signingKey().file(),
                "{file: sign.p12}",
                "sign.p12",
                "sign.p12",
                ABSENT);
        key(
                "security.encryption-key",
                c -> c.security().encryptionKey() == null
                        ? ABSENT
                        : c.security().encryptionKey().file(),
                "{file: enc.p12}",
                "enc.p12",
                "enc.p12",
                ABSENT);
        key("security.signature-key-info", c -> c.security().signatureKeyInfo(), "leaf", "leaf", "all", null);
        key("security.compatibility-mode", c -> c.security().compatibilityMode(), "true", true, "perhaps", null);
        key("security.crypto-provider", c -> c.security().cryptoProvider(), "jdk", "jdk", "openssl", null);
        key("cpa.files", c -> c.cpa().files(), "[a.xml, b.xml]", List.of("a.xml", "b.xml"), "{a: b}", List.of());
        key(
                "cpa.endpoint-overrides",
                c -> c.cpa().endpointOverrides(),
                "{cpa-1: 'https://proxy/ebms'}",
                Map.of("cpa-1", "https://proxy/ebms"),
                "[a]",
                Map.of());
        key(
                "cpa.url-mapping",
                c -> c.cpa().urlMapping(),
                "{'https://peer/': 'https://proxy/'}",
                Map.of("https://peer/", "https://proxy/"),
                "[a]",
                Map.of());
        key("retention.period", c -> c.retention().period(), "P7D", Duration.ofDays(7), "-P1D", null);
        key("gb.enabled", c -> c.gb().enabled(), "true", true, "sometimes", false);
        key("gb.store-dir", c -> orAbsent(c.gb().storeDir()), "gb/out", "gb/out", "''", ABSENT);
        key(
                "gb.public-url",
                c -> orAbsent(c.gb().publicUrl()),
                "https://gb.example.nl/gb/files/",
                "https://gb.example.nl/gb/files/",
                "http://gb.example.nl/gb/files/",
                ABSENT);
        key("gb.file-lifetime", c -> c.gb().fileLifetime(), "P2D", Duration.ofDays(2), "PT0S", Duration.ofDays(7));
        key("gb.download-dir", c -> orAbsent(c.gb().downloadDir()), "gb/in", "gb/in", "''", ABSENT);
        key(
                "gb.keep-after-fetch",
                c -> c.gb().keepAfterFetch(),
                "PT10M",
                Duration.ofMinutes(10),
                "-PT1S",
                GatewayConfig.Gb.DEFAULT_KEEP_AFTER_FETCH);
        key("gb.max-concurrent-downloads", c -> c.gb().maxConcurrentDownloads(), "2", 2, "0", 4);
        key("gb.download-attempts", c -> c.gb().downloadAttempts(), "3", 3, "0", 5);
        key("gb.mode", c -> c.gb().mode(), "PUSH", "push", "both", "pull");
        key(
                "gb.mode-by-cpa",
                c -> c.gb().modeByCpa(),
                "{cpa-1: push, cpa-2: PULL}",
                Map.of("cpa-1", "push", "cpa-2", "pull"),
                "{cpa-1: both}",
                Map.of());
        key(
                "gb.max-file-size",
                c -> c.gb().maxFileSize(),
                "1048576",
                1048576L,
                "0",
                GatewayConfig.Gb.DEFAULT_MAX_FILE_SIZE);
    }

    private static String hostDefault() {
        try {
            return "node-" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node-localhost";
        }
    }

    /** The key source the sub-key rows are read from; an empty one when it is left out (every sub-key absent). */
    private static GatewayConfig.KeySource keySource(GatewayConfig c) {
        return c.tls().serverKey() != null
                ? c.tls().serverKey()
                : new GatewayConfig.KeySource(null, null, null, null, null);
    }

    // ---- the contract's parts for the gateway's sections

    @Override
    protected List<Documented> documentedKeys() throws IOException {
        return ConfigurationDoc.keys(KEY_SOURCE).stream()
                .filter(d -> !SKIPPED_SECTIONS.contains(d.section()))
                .toList();
    }

    /** The keys the loader knows: the record components of GatewayConfig, in kebab case, as the loader reads them. */
    @Override
    protected Set<String> recordKeys() {
        Set<String> keys = new TreeSet<>();
        collect(GatewayConfig.class, "", keys);
        return keys;
    }

    private static void collect(Class<?> type, String prefix, Set<String> keys) {
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + ConfigurationDoc.yamlName(component.getName());
            if (prefix.isEmpty() && SKIPPED_SECTIONS.contains(key)) {
                continue;
            }
            if (component.getType() == GatewayConfig.KeySource.class) {
                keys.add(key); // documented as a whole; its sub-keys once, under the key-source table
                if (key.equals(KEY_SOURCE)) {
                    collect(component.getType(), key + ".", keys);
                }
            } else if (component.getType().isRecord()) {
                collect(component.getType(), key + ".", keys);
            } else {
                keys.add(key);
            }
        }
    }

    @Override
    protected YamlKeys base() {
        return YamlKeys.none();
    }

    @Override
    protected GatewayConfig load(Path file, Map<String, String> env) throws Exception {
        return LOADER.load(file, env);
    }

    /** Lists, maps and key sources are not settable from the environment. */
    @Override
    protected boolean settableFromEnvironment(Documented doc) {
        String given =
                Optional.ofNullable(cases().get(doc.key())).map(KeyCase::given).orElse("");
        return !(given.startsWith("[") || given.startsWith("{"));
    }

    /**
     * Sub-keys of a key source are named through the key source (the record is refused as a whole, by its path),
     * everything else by its full name.
     */
    @Override
    protected void assertNamesKey(Throwable failure, String key) {
        super.assertNamesKey(failure, key.equals(KEY_SOURCE + ".type") ? KEY_SOURCE : key);
    }

    @Test
    void everyKeySourceIsDocumented() throws IOException {
        assertThat(documentedKeys()).extracting(Documented::key).containsAll(KEY_SOURCES);
    }

    @Test
    void aNodeRefusesToStartWithoutTheRequiredKeysNamingThem() throws Exception {
        assertThatThrownBy(() -> loadDefaults().tls().requireForNode()).hasMessageContaining("tls.server-key");
        assertThatThrownBy(() -> load("tls.server-key", "{file: a.p12}").tls().requireForNode())
                .hasMessageContaining("tls.trust-store");
    }

    @Test
    void theClientKeyIsTheServerKeyUnlessGiven() throws Exception {
        GatewayConfig config = load("tls.server-key", "{file: server.p12}");
        assertThat(config.tls().clientKey()).isEqualTo(config.tls().serverKey());
    }

    @Test
    void theLeaseIsNeverShorterThanTheLongestPost() throws Exception {
        GatewayConfig.Delivery documented = loadDefaults().delivery();
        assertThat(documented.effectiveLease()).isEqualTo(documented.lease());
        GatewayConfig.Delivery tooShort = load("delivery.lease", "PT10S").delivery();
        assertThat(tooShort.effectiveLease())
                .isEqualTo(tooShort.connectTimeout()
                        .plus(tooShort.requestTimeout())
                        .plusSeconds(5));
    }

    private GatewayConfig load(String key, String yamlValue) throws Exception {
        return LOADER.load(with(key, yamlValue).write(dir), Map.of());
    }

    private GatewayConfig loadDefaults() throws Exception {
        return LOADER.load(base().write(dir), Map.of());
    }
}
