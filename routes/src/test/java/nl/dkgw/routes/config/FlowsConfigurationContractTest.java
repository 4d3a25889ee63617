package nl.dkgw.routes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import nl.dkgw.gateway.config.ConfigException;
import nl.dkgw.gateway.config.ConfigurationDoc;
import nl.dkgw.gateway.config.ConfigurationDoc.Documented;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.routes.node.FlowsSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract between the {@code flows.*} rows of docs/configuration.md and {@link FlowsConfig} as
 * {@link FlowsSection} reads it: every documented key is a key of the records and every key of the records is
 * documented; left out, a key takes its documented default (a required one is refused, naming it); given, its value is
 * used; an invalid value is refused with an error naming the key; a scalar key outside {@code definitions} is set by
 * its {@code DKGW_FLOWS_...} variable. The page is read by the gateway's {@link ConfigurationDoc}, as the gateway's own
 * {@code ConfigurationContractTest} reads it.
 *
 * <p>Keys under {@code flows.definitions.<flow>} are checked on a flow named {@value #FLOW}, next to a minimal send and
 * receive section (their required keys), so that one key can be left out or changed at a time.
 */
class FlowsConfigurationContractTest {

    static final String FLOW = "f";
    static final String PER_FLOW = "flows.definitions.<flow>.";

    /** A minimal flow around the key under test: what a send and a receive section cannot do without. */
    static final Map<String, String> BASE = new LinkedHashMap<>();

    static {
        BASE.put("flows.definitions.f.send.cpa-id", "c");
        BASE.put("flows.definitions.f.send.service", "s");
        BASE.put("flows.definitions.f.send.action", "a");
        BASE.put("flows.definitions.f.receive.cpa-id", "c");
        BASE.put("flows.definitions.f.receive.service", "s");
        BASE.put("flows.definitions.f.receive.action", "a");
        BASE.put("flows.definitions.f.receive.deliver-to.queue", "q");
    }

    /** The default of a key the document says is required: leaving it out is refused, naming it. */
    static final Object REQUIRED = new Object() {
        @Override
        public String toString() {
            return "required";
        }
    };

    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent (null)";
        }
    };

    /**
     * One documented key: how to read it, a valid value (YAML) and what it then reads, an invalid value (YAML), and
     * what it reads when left out if that is not the literal of the document's default column (null: the literal).
     */
    record Key(
            String name,
            Function<FlowsConfig, Object> read,
            String given,
            Object expected,
            String invalid,
            Object left) {}

    static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        key("flows.broker.url", c -> orAbsent(c.broker().url()), "tcp://mq:61616", "tcp://mq:61616", "[a]", ABSENT);
        key("flows.broker.data-dir", c -> c.broker().dataDir(), "var/mq", "var/mq", "''", null);
        key("flows.broker.user", c -> orAbsent(c.broker().user()), "dkgw", "dkgw", "[a]", ABSENT);
        key("flows.broker.password", c -> orAbsent(c.broker().password()), "secret", "secret", "[a]", ABSENT);
        key("flows.rest.host", c -> c.rest().host(), "0.0.0.0", "0.0.0.0", "''", null);
        key("flows.rest.port", c -> c.rest().port(), "9088", 9088, "70000", null);
        key(
                "flows.database.url",
                c -> orAbsent(c.database() == null ? null : c.database().url()),
                "jdbc:postgresql://db/ggd",
                "jdbc:postgresql://db/ggd",
                "[a]",
                ABSENT);
        key(
                "flows.database.user",
                c -> orAbsent(c.database() == null ? null : c.database().user()),
                "dkgw",
                "dkgw",
                "[a]",
                ABSENT);
        key(
                "flows.database.password",
                c -> orAbsent(c.database() == null ? null : c.database().password()),
                "secret",
                "secret",
                "[a]",
                ABSENT);
        key(
                PER_FLOW + "properties",
                c -> flow(c).properties(),
                "{sender-oin: '0001'}",
                Map.of("sender-oin", "0001"),
                "[a]",
                Map.of());
        key(PER_FLOW + "send.cpa-id", c -> flow(c).send().cpaId(), "cpa-2", "cpa-2", "''", REQUIRED);
        key(PER_FLOW + "send.service", c -> flow(c).send().service(), "urn:s:2", "urn:s:2", "''", REQUIRED);
        key(PER_FLOW + "send.action", c -> flow(c).send().action(), "Act", "Act", "''", REQUIRED);
        key(
                PER_FLOW + "send.dead-letter",
                c -> flow(c).send().deadLetter(),
                "jms:queue:rejected",
                "jms:queue:rejected",
                "''",
                "jms:queue:dkgw.flows.f.dead-letter");
        key(
                PER_FLOW + "send.failure-queue",
                c -> flow(c).send().failureQueue(),
                "ggd.failed",
                "ggd.failed",
                "jms:queue:x",
                "dkgw.flows.f.failed");
        key(
                PER_FLOW + "send.sources.jms-queue",
                c -> orAbsent(sources(c).jmsQueue()),
                "ggd.events",
                "ggd.events",
                "''",
                ABSENT);
        key(PER_FLOW + "send.sources.rest", c -> sources(c).rest(), "true", true, "maybe", null);
        key(PER_FLOW + "send.sources.directory", c -> orAbsent(sources(c).directory()), "drop", "drop", "''", ABSENT);
        key(
                PER_FLOW + "send.sources.outbox-table",
                c -> orAbsent(sources(c).outboxTable()),
                "dkgw_outbox",
                "dkgw_outbox",
                "'outbox; drop'",
                ABSENT);
        key(
                PER_FLOW + "send.sources.outbox-poll-interval",
                c -> sources(c).outboxPollInterval(),
                "PT5S",
                Duration.ofSeconds(5),
                "PT0S",
                null);
        key(PER_FLOW + "send.sources.outbox-batch-size", c -> sources(c).outboxBatchSize(), "50", 50, "0", null);
        key(PER_FLOW + "receive.cpa-id", c -> flow(c).receive().cpaId(), "cpa-2", "cpa-2", "''", REQUIRED);
        key(PER_FLOW + "receive.service", c -> flow(c).receive().service(), "urn:s:2", "urn:s:2", "''", REQUIRED);
        key(PER_FLOW + "receive.action", c -> flow(c).receive().action(), "Act", "Act", "''", REQUIRED);
        key(
                PER_FLOW + "receive.dead-letter",
                c -> flow(c).receive().deadLetter(),
                "jms:queue:bad",
                "jms:queue:bad",
                "''",
                "jms:queue:dkgw.flows.f.received.dead-letter");
        key(PER_FLOW + "receive.deliver-to.queue", c -> orAbsent(deliverTo(c).queue()), "in", "in", "''", REQUIRED);
        key(
                PER_FLOW + "receive.deliver-to.table",
                c -> orAbsent(deliverTo(c).table()),
                "cims_in",
                "cims_in",
                "'a b'",
                REQUIRED);
        key(
                PER_FLOW + "receive.deliver-to.webhook",
                c -> orAbsent(deliverTo(c).webhook()),
                "https://app/in",
                "https://app/in",
                "ftp://app/in",
                REQUIRED);
    }

    private static void key(
            String name,
            Function<FlowsConfig, Object> read,
            String given,
            Object expected,
            String invalid,
            Object left) {
        KEYS.put(name, new Key(name, read, given, expected, invalid, left));
    }

    private static Object orAbsent(Object value) {
        return value == null ? ABSENT : value;
    }

    private static FlowsConfig.FlowConfig flow(FlowsConfig c) {
        return c.definitions().get(FLOW);
    }

    private static FlowsConfig.Sources sources(FlowsConfig c) {
        return flow(c).send().sources();
    }

    private static FlowsConfig.DeliverTo deliverTo(FlowsConfig c) {
        return flow(c).receive().deliverTo();
    }

    @TempDir
    Path dir;

    // ---- the keys on either side

    static List<Documented> documentedKeys() throws IOException {
        return ConfigurationDoc.keysOf(FlowsSection.NAME);
    }

    static Stream<Documented> documented() throws IOException {
        return documentedKeys().stream();
    }

    /** The keys the records have, in kebab case; a map of flows as {@code <flow>}; other maps are one key. */
    static Set<String> recordKeys() {
        Set<String> keys = new TreeSet<>();
        collect(FlowsConfig.class, FlowsSection.NAME + ".", keys);
        return keys;
    }

    private static void collect(Class<?> type, String prefix, Set<String> keys) {
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + ConfigurationDoc.yamlName(component.getName());
            if (component.getType().isRecord()) {
                collect(component.getType(), key + ".", keys);
            } else if (component.getType() == Map.class
                    && component.getGenericType() instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> value
                    && value.isRecord()) {
                collect(value, key + ".<flow>.", keys);
            } else {
                keys.add(key);
            }
        }
    }

    @Test
    void everyDocumentedKeyIsARecordKeyAndEveryRecordKeyIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        documentedKeys().forEach(d -> documented.add(d.key()));
        assertThat(documented)
                .as("flows keys in docs/configuration.md")
                .containsExactlyInAnyOrderElementsOf(recordKeys());
        assertThat(KEYS.keySet()).as("keys this test has a case for").containsExactlyInAnyOrderElementsOf(documented);
    }

    // ---- each key

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void leftOutTheKeyTakesItsDocumentedDefault(Documented doc) throws Exception {
        Key key = spec(doc);
        if (key.left() == REQUIRED) {
            assertThat(doc.defaultColumn())
                    .as("the document says %s is required", key.name())
                    .startsWith("required");
            if (key.name().contains(".deliver-to.")) {
                // one of the three is required: without any of them the section is refused, naming deliver-to
                assertThatThrownBy(() -> load(withoutDeliverTo()))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining("receive.deliver-to");
            } else {
                assertThatThrownBy(() -> load(base().without(key.name())))
                        .isInstanceOf(ConfigException.class)
                        .satisfies(e -> assertNamesKey(e, key.name()));
            }
            return;
        }
        Object actual = key.read().apply(load(base()));
        if (key.left() != null) {
            assertThat(actual)
                    .as("%s left out (documented: %s)", key.name(), doc.defaultColumn())
                    .isEqualTo(key.left());
        } else {
            String literal = doc.literalDefault()
                    .orElseThrow(() -> new AssertionError("the default of " + key.name() + " is not a literal"));
            assertThat(actual)
                    .as("%s left out, against the documented %s", key.name(), literal)
                    .isEqualTo(key.read().apply(load(base().with(key.name(), literal))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void aGivenValueIsUsed(Documented doc) throws Exception {
        Key key = spec(doc);
        assertThat(key.read().apply(load(base().with(key.name(), key.given()))))
                .as(key.name())
                .isEqualTo(key.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void anInvalidValueIsRefusedNamingTheKey(Documented doc) throws Exception {
        Key key = spec(doc);
        assertThatThrownBy(() -> load(base().with(key.name(), key.invalid())))
                .as("%s: %s", key.name(), key.invalid())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertNamesKey(e, key.name()));
    }

    /** The documented scalar keys outside {@code definitions}: those its map of flows holds are not in the env. */
    static Stream<Documented> environmentKeys() throws IOException {
        return documentedKeys().stream().filter(d -> !d.key().startsWith("flows.definitions."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environmentKeys")
    void aScalarKeyCanBeSetFromTheEnvironment(Documented doc) throws Exception {
        Key key = spec(doc);
        String env = GatewayConfigLoader.ENV_PREFIX + "_"
                + key.name().toUpperCase().replace('.', '_').replace('-', '_');
        FlowsConfig config = FlowsSection.read(base().write(dir), Map.of(env, key.given()));
        assertThat(key.read().apply(config)).as("%s from %s", key.name(), env).isEqualTo(key.expected());
    }

    @Test
    void theDocumentSaysWhichKeysTheEnvironmentCannotSet() throws IOException {
        assertThat(Files.readString(ConfigurationDoc.PAGE))
                .contains("Keys under `flows.definitions` cannot be set from the environment");
    }

    /**
     * An error names a key by its full name, or, for a check a flow's record makes, by the key within the flow
     * ({@code send.cpa-id}) together with the flow's place in the file ({@code flows.definitions.f}).
     */
    private static void assertNamesKey(Throwable e, String documentedKey) {
        String key = documentedKey.replace("<flow>", FLOW);
        String message = e.getMessage();
        if (message.contains(key)) {
            return;
        }
        assertThat(documentedKey).as("%s is named in: %s", key, message).startsWith(PER_FLOW);
        String withinFlow = documentedKey.substring(PER_FLOW.length());
        assertThat(message)
                .as("%s is named in: %s", key, message)
                .contains("flows.definitions." + FLOW)
                .contains(withinFlow);
    }

    private static Key spec(Documented doc) {
        Key key = KEYS.get(doc.key());
        assertThat(key).as("a case for the documented key %s", doc.key()).isNotNull();
        return key;
    }

    private FlowsConfig load(Yaml yaml) throws Exception {
        return FlowsSection.read(yaml.write(dir), Map.of());
    }

    private static Yaml base() {
        return new Yaml(new LinkedHashMap<>(BASE));
    }

    private static Yaml withoutDeliverTo() {
        return base().without("flows.definitions.f.receive.deliver-to.queue");
    }

    /** A gateway.yml as dotted keys with YAML values; a key of deliver-to replaces the other destinations. */
    record Yaml(Map<String, String> values) {
        Yaml with(String documentedKey, String yamlValue) {
            String key = documentedKey.replace("<flow>", FLOW);
            Map<String, String> copy = new LinkedHashMap<>(values);
            if (key.contains(".deliver-to.")) {
                copy.keySet().removeIf(k -> k.contains(".deliver-to."));
            }
            copy.put(key, yamlValue);
            return new Yaml(copy);
        }

        Yaml without(String documentedKey) {
            Map<String, String> copy = new LinkedHashMap<>(values);
            copy.remove(documentedKey.replace("<flow>", FLOW));
            return new Yaml(copy);
        }

        Path write(Path dir) throws IOException {
            StringBuilder yaml = new StringBuilder();
            String[] previous = new String[0];
            for (String key : values.keySet().stream().sorted().toList()) {
                String[] parts = key.split("\\.");
                int same = 0;
                while (same < Math.min(previous.length, parts.length - 1) && previous[same].equals(parts[same])) {
                    same++;
                }
                for (int i = same; i < parts.length; i++) {
                    yaml.append("  ".repeat(i)).append(parts[i]).append(':');
                    yaml.append(i == parts.length - 1 ? " " + values.get(key) : "")
                            .append('\n');
                }
                previous = parts;
            }
            Path file = Files.createTempFile(dir, "gateway", ".yml");
            Files.writeString(file, yaml);
            return file;
        }
    }
}
