package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.routes.broker.EmbeddedBroker;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.routes.source.OutboxTable;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import nl.dkgw.testkit.ChildJvm;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GGD's gateway node runs in a JVM of its own and is killed right after it stored the ebMS message of an event it
 * took from JMS or from the outbox, before the JMS commit or the outbox mark. Started again, it takes the same event
 * again: one ebMS message is stored and RIVM's node receives it once.
 */
@Slow
class KilledNodeTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    @TempDir
    Path dir;

    LocalChain chain;
    String cpaId;
    Path ggdDir;
    Path gatewayYml;

    @BeforeEach
    void start() throws Exception {
        chain = LocalChain.start(dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE);
        cpaId = FlowCpa.add(chain, Profile.OSB_RM);
        ggdDir = chain.dir().resolve(LocalChain.CONSUMER.name());
        ObjectNode config = YAML.valueToTree(chain.config(LocalChain.CONSUMER.name()));
        ((ObjectNode) config.get("ebms")).put("port", chain.consumer().ebmsPort());
        gatewayYml = dir.resolve("ggd-gateway.yml");
        YAML.writeValue(gatewayYml.toFile(), config);
        chain.stop(LocalChain.CONSUMER.name());
    }

    @AfterEach
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    /**
     * With one consumer one event is queued; with several, as many events as twice the consumers, so that several are
     * in flight (stored or not, never committed) when the node dies on the first store.
     */
    @ParameterizedTest(name = "{0} consumer(s)")
    @ValueSource(ints = {1, 4})
    void killedAfterStoringAnEventFromJms(int consumers) throws Exception {
        Path flowsYml = flowsYml("""
                broker: { data-dir: flows-artemis }
                definitions:
                  coronit-testresult:
                    send:
                      cpa-id: %s
                      service: "%s"
                      action: %s
                      sources: { jms-queue: crash.in, jms-consumers: %d }
                """.formatted(cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, consumers));
        int events = consumers == 1 ? 1 : 2 * consumers;
        Set<String> expected = new TreeSet<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(ggdDir.resolve("flows-artemis"));
                JMSContext context = broker.connectionFactory().createContext()) {
            for (int i = 0; i < events; i++) {
                TextMessage event = context.createTextMessage(FlowEvents.event(TestResultFlow.NAME, "killed-jms-" + i));
                context.createProducer().send(context.createQueue("crash.in"), event);
                expected.add(MessageIdOf.event(TestResultFlow.NAME, "jms-" + event.getJMSMessageID()));
            }
        }
        crashThenRun(flowsYml, events);
        List<StoredMessage> sent = sent(FlowCpa.TEST_RESULT);
        assertThat(sent)
                .extracting(StoredMessage::messageId)
                .hasSize(events)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (String messageId : expected) {
            assertReceivedOnce(FlowCpa.TEST_RESULT, messageId);
        }
        assertThat(chain.provider().received(cpaId, null, 1000))
                .filteredOn(m -> m.action().equals(FlowCpa.TEST_RESULT))
                .hasSize(events);
    }

    @Test
    void killedAfterStoringAnEventFromTheOutbox() throws Exception {
        RealPostgres.Database db = RealPostgres.newDatabase();
        long id;
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(OutboxTable.ddl("outbox"));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO outbox (flow, payload) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, VaccinationFlow.NAME);
                ps.setString(2, FlowEvents.event(VaccinationFlow.NAME, "killed-outbox"));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
        }
        Path flowsYml = flowsYml(
                """
                broker: { data-dir: flows-artemis }
                database: { url: "%s", user: "%s", password: "%s" }
                definitions:
                  cims-vaccination:
                    send:
                      cpa-id: %s
                      service: "%s"
                      action: %s
                      sources: { outbox-table: outbox, outbox-poll-interval: PT0.2S }
                """.formatted(db.jdbcUrl(), db.user(), db.password(), cpaId, FlowCpa.SERVICE, FlowCpa.VACCINATION));
        crashThenRun(flowsYml, 1);
        String messageId = MessageIdOf.event(VaccinationFlow.NAME, "outbox-outbox-" + id);
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, message_id FROM outbox WHERE id = " + id)) {
            rs.next();
            assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("SENT " + messageId);
        }
        assertThat(sent(FlowCpa.VACCINATION))
                .extracting(StoredMessage::messageId)
                .containsExactly(messageId);
        assertReceivedOnce(FlowCpa.VACCINATION, messageId);
    }

    private Path flowsYml(String text) throws Exception {
        Path file = dir.resolve("ggd-flows.yml");
        Files.writeString(file, text);
        return file;
    }

    /**
     * Runs the node until it halts after the first store, then again until it submitted all {@code events} (none was
     * committed before the halt: every store halts the node), then stops it.
     */
    private void crashThenRun(Path flowsYml, int events) throws Exception {
        try (ChildJvm crashing = node(flowsYml, "crash")) {
            assertThat(crashing.waitFor(Duration.ofSeconds(90)))
                    .as(crashing.output())
                    .isEqualTo(137);
            assertThat(crashing.output()).contains("CRASHING after storing");
        }
        try (ChildJvm again = node(flowsYml, "run")) {
            again.awaitOutput("FLOW NODE READY", Duration.ofSeconds(60));
            again.awaitOutput("flow.submitted", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).until(() -> submissions(again.output()) >= events);
            again.stop();
        }
        chain.restart(LocalChain.CONSUMER.name());
    }

    private static long submissions(String output) {
        return output.lines().filter(line -> line.contains("flow.submitted")).count();
    }

    private ChildJvm node(Path flowsYml, String mode) {
        return ChildJvm.builder(FlowNodeMain.class)
                .args(gatewayYml.toString(), ggdDir.toString(), flowsYml.toString(), mode)
                .jvmOptions("-Xmx384m")
                .logFile(dir.resolve("node-" + mode + ".log"))
                .start();
    }

    private List<StoredMessage> sent(String action) {
        return NodeInternals.store(chain.consumer())
                .messages()
                .list(Direction.OUT, MessageKind.USER, null, 1000)
                .stream()
                .filter(m -> m.action().equals(action))
                .toList();
    }

    private void assertReceivedOnce(String action, String messageId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> chain.provider().received(cpaId, null, 1000).stream()
                        .anyMatch(m -> m.messageId().equals(messageId)));
        assertThat(chain.provider().received(cpaId, null, 1000))
                .filteredOn(m -> m.action().equals(action))
                .extracting(StoredMessage::messageId)
                .containsOnlyOnce(messageId);
    }
}
