package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.KeylessChain;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real node, an event the gateway refuses for good is not tried again by the JMS and directory sources: from JMS
 * it lands on the flow's dead-letter queue with the gateway's reason, a dropped file moves to {@code error/} with a
 * {@code .reason} file. One flow is on an unknown CPA (refused: UNKNOWN_CPA), the other on a signed CPA of a node
 * without a signing key (NODE_MISCONFIGURED).
 */
@Slow
class RefusedEventsTest {

    @TempDir
    static Path dir;

    static LocalChain chain;
    static GatewayFlows flows;

    @BeforeAll
    static void start() throws Exception {
        // the nodes have no signing key: the signed CPA cannot be sent on
        chain = KeylessChain.start(dir.resolve("chain"));
        Map<String, FlowsConfig.FlowConfig> definitions = new LinkedHashMap<>();
        definitions.put(TestResultFlow.NAME, flow(TestResultFlow.NAME, "no-such-cpa", Profile.OSB_RM, Map.of()));
        definitions.put(
                StatusNoticeFlow.NAME,
                flow(
                        StatusNoticeFlow.NAME,
                        chain.cpaId(Profile.OSB_RM_S),
                        Profile.OSB_RM_S,
                        Map.of("sender-oin", LocalChain.CONSUMER.oin(), "sender-application", "ZAAKSYSTEEM")));
        flows = GatewayFlows.start(
                chain.consumer(), new FlowsConfig(null, null, null, definitions), dir.resolve("flows"));
    }

    @AfterAll
    static void stop() {
        if (flows != null) {
            flows.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    static FlowsConfig.FlowConfig flow(String name, String cpaId, Profile profile, Map<String, String> properties) {
        return new FlowsConfig.FlowConfig(
                new FlowsConfig.Send(
                        cpaId,
                        LocalChain.serviceName(profile),
                        LocalChain.TO_PROVIDER,
                        null,
                        new FlowsConfig.Sources("in." + name, false, "drop/" + name, null, null, null)),
                null,
                properties);
    }

    @Test
    void aJmsEventOnAnUnknownCpaIsDeadLetteredWithTheGatewaysReason() throws Exception {
        Message dead = sendAndDeadLetter(TestResultFlow.NAME, "jms-unknown-cpa");
        assertThat(dead.getStringProperty("DkgwRejectKind")).isEqualTo("REFUSED");
        assertThat(dead.getStringProperty("DkgwSubmissionFailure")).isEqualTo("UNKNOWN_CPA");
        assertThat(dead.getStringProperty("DkgwSubmissionRemedy")).isEqualTo("CHANGE_SUBMISSION");
        assertThat(dead.getStringProperty("DkgwRejectReason")).startsWith("UNKNOWN_CPA: ");
    }

    @Test
    void aJmsEventOnACpaTheNodeCannotSignForIsDeadLetteredWithTheGatewaysReason() throws Exception {
        Message dead = sendAndDeadLetter(StatusNoticeFlow.NAME, "jms-no-key");
        assertThat(dead.getStringProperty("DkgwRejectKind")).isEqualTo("REFUSED");
        assertThat(dead.getStringProperty("DkgwSubmissionFailure")).isEqualTo("NODE_MISCONFIGURED");
        assertThat(dead.getStringProperty("DkgwSubmissionRemedy")).isEqualTo("FIX_NODE");
    }

    @Test
    void aDroppedFileOnAnUnknownCpaIsMovedToErrorWithTheGatewaysReason() throws Exception {
        Path drop = dir.resolve("flows/drop/" + TestResultFlow.NAME);
        Files.createDirectories(drop);
        Path temp = Files.writeString(dir.resolve("unknown-cpa.tmp"), FlowEvents.event(TestResultFlow.NAME, "file"));
        Files.move(temp, drop.resolve("unknown-cpa.json"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(drop.resolve("error/unknown-cpa.json")));
        assertThat(drop.resolve("unknown-cpa.json")).doesNotExist();
        assertThat(Files.readAllLines(drop.resolve("error/unknown-cpa.json.reason")))
                .first()
                .isEqualTo("REFUSED");
        assertThat(Files.readAllLines(drop.resolve("error/unknown-cpa.json.reason")))
                .element(1)
                .asString()
                .startsWith("UNKNOWN_CPA: ");
    }

    /** Sends the event to the flow's JMS source and takes it from the flow's dead-letter queue. */
    static Message sendAndDeadLetter(String flow, String sourceId) throws Exception {
        String event = FlowEvents.event(flow, sourceId);
        try (JMSContext context = flows.runtime().connectionFactory().createContext()) {
            context.createProducer()
                    .setProperty("DkgwSourceId", sourceId)
                    .send(context.createQueue("in." + flow), event);
        }
        try (JMSContext context = flows.runtime().connectionFactory().createContext(JMSContext.CLIENT_ACKNOWLEDGE);
                JMSConsumer consumer = context.createConsumer(
                        context.createQueue("dkgw.flows." + flow + ".dead-letter"),
                        "DkgwSourceId = '" + sourceId + "'")) {
            Message dead = consumer.receive(Duration.ofSeconds(20).toMillis());
            assertThat(dead).as("dead letter of " + sourceId).isNotNull();
            dead.acknowledge();
            assertThat(dead.getStringProperty("DkgwFlow")).isEqualTo(flow);
            String body = dead instanceof BytesMessage
                    ? new String(dead.getBody(byte[].class), StandardCharsets.UTF_8)
                    : dead.getBody(String.class);
            assertThat(body).isEqualTo(event);
            return dead;
        }
    }
}
