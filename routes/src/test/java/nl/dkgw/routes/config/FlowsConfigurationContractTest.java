package nl.dkgw.routes.config;

import static org.assertj.core.api.Assertions.assertThat;

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
import nl.dkgw.gateway.config.ConfigurationContract;
import nl.dkgw.gateway.config.ConfigurationDoc;
import nl.dkgw.gateway.config.ConfigurationDoc.Documented;
import nl.dkgw.gateway.config.YamlKeys;
import nl.dkgw.routes.node.FlowsSection;
import org.junit.jupiter.api.Test;

/**
 * The contract between the {@code flows.*} rows of docs/configuration.md and {@link FlowsConfig} as
 * {@link FlowsSection} reads it: every documented key is a key of the records and every key of the records is
 * documented; left out, a key takes its documented default (a required one is refused, naming it); given, its value is
 * used; an invalid value is refused with an error naming the key; a scalar key outside {@code definitions} is set by
 * its {@code DKGW_FLOWS_...} variable. The checks themselves are the gateway's {@link ConfigurationContract}, which its
 * own {@code ConfigurationContractTest} runs on the other sections.
 *
 * <p>Keys under {@code flows.definitions.<flow>} are checked on a flow named {@value #FLOW}, next to a minimal send and
 * receive section (their required keys), so that one key can be left out or changed at a time.
 */
class FlowsConfigurationContractTest extends ConfigurationContract<FlowsConfig> {

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

    {
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
        key(PER_FLOW + "send.sources.jms-consumers", c -> sources(c).jmsConsumers(), "4", 4, "17", 1);
        key(PER_FLOW + "send.sources.rest", c -> sources(c).rest(), "true", true, "maybe", null);
        key(PER_FLOW + "send.large-files", c -> flow(c).send().largeFiles(), "true", true, "maybe", false);
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
        key(
                PER_FLOW + "receive.deliver-to.directory",
                c -> orAbsent(deliverTo(c).directory()),
                "inbox/cims",
                "inbox/cims",
                "''",
                REQUIRED);
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

    // ---- the contract's parts for the flows section

    @Override
    protected List<Documented> documentedKeys() throws IOException {
        return ConfigurationDoc.keysOf(FlowsSection.NAME);
    }

    /** The keys the records have, in kebab case; a map of flows as {@code <flow>}; other maps are one key. */
    @Override
    protected Set<String> recordKeys() {
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

    @Override
    protected YamlKeys base() {
        return YamlKeys.of(BASE);
    }

    @Override
    protected FlowsConfig load(Path file, Map<String, String> env) throws Exception {
        return FlowsSection.read(file, env);
    }

    /** The keys under {@code definitions} live in a map of flows, which the environment cannot reach into. */
    @Override
    protected boolean settableFromEnvironment(Documented doc) {
        return !doc.key().startsWith("flows.definitions.");
    }

    /** A key of deliver-to replaces the other destinations (one of the four, not several). */
    @Override
    protected YamlKeys with(String documentedKey, String yamlValue) {
        String key = documentedKey.replace("<flow>", FLOW);
        YamlKeys base = key.contains(".deliver-to.") ? base().withoutAny(".deliver-to.") : base();
        return base.with(key, yamlValue);
    }

    /** Without one of the four destinations the flow has none: leaving "it" out means leaving all out. */
    @Override
    protected YamlKeys without(String documentedKey) {
        return documentedKey.contains(".deliver-to.")
                ? base().withoutAny(".deliver-to.")
                : base().without(documentedKey.replace("<flow>", FLOW));
    }

    /** Without any destination the section is refused naming deliver-to as a whole. */
    @Override
    protected void assertRequiredRefused(Throwable failure, String documentedKey) {
        if (documentedKey.contains(".deliver-to.")) {
            assertThat(failure.getMessage()).contains("receive.deliver-to");
        } else {
            assertNamesKey(failure, documentedKey);
        }
    }

    /**
     * An error names a key by its full name, or, for a check a flow's record makes, by the key within the flow
     * ({@code send.cpa-id}) together with the flow's place in the file ({@code flows.definitions.f}).
     */
    @Override
    protected void assertNamesKey(Throwable e, String documentedKey) {
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

    @Test
    void theDocumentSaysWhichKeysTheEnvironmentCannotSet() throws IOException {
        assertThat(Files.readString(ConfigurationDoc.PAGE))
                .contains("Keys under `flows.definitions` cannot be set from the environment");
    }
}
