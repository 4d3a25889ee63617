package nl.dkgw.routes.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.flow.MappingContext;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.RealArtemis;
import nl.dkgw.testkit.Slow;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flows on an external ActiveMQ Artemis broker, reached by URL over TCP with a user name and password: a broker
 * started apart from the flows with only a TCP acceptor on a free loopback port and authentication on. The flows read
 * their JMS source, deliver received payloads and report failed messages over that connection; the embedded broker
 * is not started.
 */
@Slow
class ExternalBrokerTest {

    static final String USER = "dkgw-flows";
    static final String PASSWORD = "s3cret-broker-pw";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RealArtemis broker;
    static String url;
    static StubEbms ebms = new StubEbms();
    static FlowsRuntime flows;

    @BeforeAll
    static void start() throws Exception {
        int port = FreePort.find();
        url = "tcp://127.0.0.1:" + port;
        broker = RealArtemis.start("external-test-broker", port, USER, PASSWORD);

        Map<String, FlowsConfig.FlowConfig> definitions = new LinkedHashMap<>();
        definitions.put(
                TestResultFlow.NAME,
                new FlowsConfig.FlowConfig(
                        new FlowsConfig.Send(
                                "cpa-out",
                                "svc",
                                "act",
                                null,
                                new FlowsConfig.Sources("ggd.in", false, null, null, null, null),
                                "ggd.failed"),
                        new FlowsConfig.Receive(
                                "cpa-in",
                                "svc",
                                "act",
                                null,
                                new FlowsConfig.DeliverTo("cims.testresults", null, null)),
                        null));
        flows = FlowsRuntime.start(
                new FlowsConfig(new FlowsConfig.Broker(url, null, USER, PASSWORD), null, null, definitions),
                dir,
                ebms,
                null,
                FlowCatalogue.standard(),
                Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() throws Exception {
        if (flows != null) {
            flows.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    /** Accepts one user name and password, for every address and operation. */
    static ConnectionFactory client() {
        return new ActiveMQConnectionFactory(url, USER, PASSWORD);
    }

    @Test
    void theBrokerRefusesAClientWithoutThePasswordAndNoEmbeddedBrokerRuns() {
        assertThatThrownBy(() -> {
                    try (JMSContext context = new ActiveMQConnectionFactory(url).createContext()) {
                        context.createProducer().send(context.createQueue("ggd.in"), "x");
                    }
                })
                .isInstanceOf(JMSSecurityRuntimeException.class);
        assertThat(dir.resolve("data/artemis")).doesNotExist();
    }

    @Test
    void anEventOnTheExternalQueueIsSubmitted() {
        try (JMSContext context = client().createContext()) {
            context.createProducer()
                    .setProperty("DkgwSourceId", "ext-1")
                    .send(context.createQueue("ggd.in"), SourcesTest.EVENT.replace("T-1", "T-ext"));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ebms.messageIds.contains(MessageIdOf.event(TestResultFlow.NAME, "ext-1")));
    }

    @Test
    void aReceivedPayloadIsDeliveredToTheExternalQueue() throws Exception {
        byte[] payload = FlowCatalogue.standard()
                .get(TestResultFlow.NAME)
                .payload(
                        SourcesTest.EVENT.replace("T-1", "T-in").getBytes(StandardCharsets.UTF_8),
                        new MappingContext("in-1", Clock.systemDefaultZone(), Map.of()));
        ebms.feed("cpa-in", payload, Map.of("DkgwMessageId", "in-1@peer"));
        try (JMSContext context = client().createContext();
                JMSConsumer consumer = context.createConsumer(context.createQueue("cims.testresults"))) {
            Message m = consumer.receive(Duration.ofSeconds(10).toMillis());
            assertThat(m).isNotNull();
            assertThat(m.getStringProperty("DkgwMessageId")).isEqualTo("in-1@peer");
            assertThat(new String(m.getBody(byte[].class), StandardCharsets.UTF_8))
                    .contains("T-in");
        }
    }

    @Test
    void aFailedMessageIsReportedOnceOnTheFailureQueueWithoutItsPayload() throws Exception {
        Map<String, Object> failure = Map.of(
                "DkgwMessageId",
                "flow.x@dkgw.flows",
                "DkgwCpaId",
                "cpa-out",
                "DkgwService",
                "svc",
                "DkgwAction",
                "act",
                "DkgwSourceId",
                "jms-ID:42",
                "DkgwFailureReason",
                "no acknowledgment after 2 attempts",
                "DkgwStatus",
                "FAILED");
        ebms.feed("consume=failed", null, failure);
        // a repeat (a crash between the report and its marking) is dropped by the broker's duplicate detection
        ebms.feed("consume=failed", null, failure);
        try (JMSContext context = client().createContext();
                JMSConsumer consumer = context.createConsumer(context.createQueue("ggd.failed"))) {
            Message m = consumer.receive(Duration.ofSeconds(10).toMillis());
            assertThat(m).isInstanceOf(TextMessage.class);
            JsonNode report = JSON.readTree(((TextMessage) m).getText());
            assertThat(report.get("messageId").asText()).isEqualTo("flow.x@dkgw.flows");
            assertThat(report.get("flow").asText()).isEqualTo(TestResultFlow.NAME);
            assertThat(report.get("cpaId").asText()).isEqualTo("cpa-out");
            assertThat(report.get("service").asText()).isEqualTo("svc");
            assertThat(report.get("action").asText()).isEqualTo("act");
            assertThat(report.get("sourceId").asText()).isEqualTo("jms-ID:42");
            assertThat(report.get("reason").asText()).isEqualTo("no acknowledgment after 2 attempts");
            assertThat(m.getStringProperty("DkgwSourceId")).isEqualTo("jms-ID:42");
            assertThat(m.getStringProperty("DkgwFailureReason")).isEqualTo("no acknowledgment after 2 attempts");
            assertThat(consumer.receiveNoWait()).isNull();
        }
    }
}
