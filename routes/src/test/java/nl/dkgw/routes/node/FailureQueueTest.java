package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow message whose delivery finally fails (the peer is unreachable, the CPA allows one retry) is reported once on
 * the flow's failure queue with its MessageId, CPA, service, action, source id and reason, and never its payload; the
 * admin API shows it with its source id. After the node and its flows restart it is not reported again. The same
 * for a message the peer refuses with an ebMS MessageError.
 */
@Slow
class FailureQueueTest {

    static final String FAILURE_QUEUE = "ggd.testresults.failed";
    static final String SOURCE_QUEUE = "ggd.testresults";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aFinallyFailedMessageIsReportedOnceWithItsSourceIdAcrossARestart() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE)) {
            URI nobody = URI.create("https://localhost:" + FreePort.find() + "/ebms");
            String cpaId = FlowCpa.add(chain, Profile.OSB_RM, 1, nobody);
            FlowsConfig config = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            new FlowsConfig.FlowConfig(
                                    new FlowsConfig.Send(
                                            cpaId,
                                            FlowCpa.SERVICE,
                                            FlowCpa.TEST_RESULT,
                                            null,
                                            new FlowsConfig.Sources(SOURCE_QUEUE, false, null, null, null, null),
                                            FAILURE_QUEUE),
                                    null,
                                    null)));
            Path flowsDir = dir.resolve("ggd-flows");
            String first = MessageIdOf.event(TestResultFlow.NAME, "src-fail-1");
            long firstPk;

            try (GatewayFlows flows = GatewayFlows.start(chain.consumer(), config, flowsDir)) {
                FlowsEndToEndTest.sendJms(
                        flows.runtime().connectionFactory(),
                        SOURCE_QUEUE,
                        FlowEvents.event(TestResultFlow.NAME, "F1"),
                        "src-fail-1");
                List<JsonNode> reports = reportsOn(flows, 1);
                assertThat(reports).hasSize(1);
                JsonNode report = reports.get(0);
                assertThat(report.get("messageId").asText()).isEqualTo(first);
                assertThat(report.get("cpaId").asText()).isEqualTo(cpaId);
                assertThat(report.get("service").asText()).isEqualTo(FlowCpa.SERVICE);
                assertThat(report.get("action").asText()).isEqualTo(FlowCpa.TEST_RESULT);
                assertThat(report.get("sourceId").asText()).isEqualTo("src-fail-1");
                assertThat(report.get("reason").asText()).isNotBlank();
                assertThat(report.toString()).doesNotContain(FlowEvents.BSN).doesNotContain("F1");

                Gateway ggd = chain.consumer();
                StoredMessage failed = NodeInternals.store(ggd)
                        .messages()
                        .find(Direction.OUT, cpaId, first)
                        .orElseThrow();
                firstPk = failed.pk();
                assertThat(report.get("reason").asText()).isEqualTo(failed.statusDetail());
                assertThat(NodeInternals.store(ggd).deliveryAttempts().of(firstPk))
                        .hasSize(2);
                JsonNode shown = get(ggd, "/api/messages/" + URLEncoder.encode(first, StandardCharsets.UTF_8));
                assertThat(shown.path("message").path("sourceId").asText()).isEqualTo("src-fail-1");
                assertThat(shown.path("message").path("status").asText()).isEqualTo("FAILED");
                JsonNode list = get(ggd, "/api/failed?cpaId=" + URLEncoder.encode(cpaId, StandardCharsets.UTF_8));
                assertThat(list).hasSize(1);
                assertThat(list.get(0).path("sourceId").asText()).isEqualTo("src-fail-1");
                assertThat(get(ggd, "/api/failed?after=" + firstPk)).isEmpty();

                // the first is resent (the peer is still unreachable) and fails again: that failure is reported
                // too, and the broker (same life: its duplicate-id cache holds the first report) takes it
                String firstFailedAt = NodeInternals.store(ggd)
                        .messages()
                        .find(Direction.OUT, cpaId, first)
                        .orElseThrow()
                        .updatedAt()
                        .toString();
                assertThat(ggd.resend(first, "test")).isEqualTo(nl.dkgw.gateway.msh.OutboundMessages.Resend.RESENT);
                List<JsonNode> again = reportsOn(flows, 1);
                assertThat(again).extracting(r -> r.get("messageId").asText()).containsExactly(first);
                assertThat(again.get(0).get("sourceId").asText()).isEqualTo("src-fail-1");
                assertThat(again.get(0).get("failedAt").asText()).isNotEqualTo(firstFailedAt);
                assertThat(NodeInternals.store(ggd).failureReports().isReported(firstPk))
                        .isTrue();
            }

            // the node and its flows restart; a second message fails and is reported; the first is not again
            Gateway ggd = chain.restart(LocalChain.CONSUMER.name());
            try (GatewayFlows flows = GatewayFlows.start(ggd, config, flowsDir)) {
                FlowsEndToEndTest.sendJms(
                        flows.runtime().connectionFactory(),
                        SOURCE_QUEUE,
                        FlowEvents.event(TestResultFlow.NAME, "F2"),
                        "src-fail-2");
                List<JsonNode> reports = reportsOn(flows, 1);
                assertThat(reports).extracting(r -> r.get("sourceId").asText()).containsExactly("src-fail-2");
                assertThat(NodeInternals.store(ggd).failureReports().isReported(firstPk))
                        .isTrue();
                assertThat(get(ggd, "/api/failed")).hasSize(2);
            }
        }
    }

    /**
     * The peer is reachable but refuses the message with an ebMS MessageError (here: it does not know the CPA): the
     * message ends FAILED after that one attempt, without retries, and is reported once on the failure queue with its
     * source id and the peer's error as the reason.
     */
    @Test
    void aMessageRefusedByThePeerWithAMessageErrorIsReportedOnceWithItsSourceId() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE)) {
            String cpaId = FlowCpa.add(chain, Profile.OSB_RM, 3, null);
            assertThat(chain.provider().cpas().delete(cpaId)).isTrue();
            FlowsConfig config = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            new FlowsConfig.FlowConfig(
                                    new FlowsConfig.Send(
                                            cpaId,
                                            FlowCpa.SERVICE,
                                            FlowCpa.TEST_RESULT,
                                            null,
                                            new FlowsConfig.Sources(SOURCE_QUEUE, false, null, null, null, null),
                                            FAILURE_QUEUE),
                                    null,
                                    null)));
            String messageId = MessageIdOf.event(TestResultFlow.NAME, "src-refused-1");
            try (GatewayFlows flows = GatewayFlows.start(chain.consumer(), config, dir.resolve("ggd-flows"))) {
                FlowsEndToEndTest.sendJms(
                        flows.runtime().connectionFactory(),
                        SOURCE_QUEUE,
                        FlowEvents.event(TestResultFlow.NAME, "R1"),
                        "src-refused-1");
                List<JsonNode> reports = reportsOn(flows, 1);
                System.out.println("failure report of a refused message: " + reports);
                assertThat(reports).hasSize(1);
                JsonNode report = reports.get(0);
                assertThat(report.get("messageId").asText()).isEqualTo(messageId);
                assertThat(report.get("sourceId").asText()).isEqualTo("src-refused-1");
                assertThat(report.get("reason").asText()).contains("MessageError");
                assertThat(report.toString()).doesNotContain(FlowEvents.BSN).doesNotContain("R1");

                Gateway ggd = chain.consumer();
                StoredMessage failed = NodeInternals.store(ggd)
                        .messages()
                        .find(Direction.OUT, cpaId, messageId)
                        .orElseThrow();
                assertThat(failed.status()).isEqualTo(nl.dkgw.gateway.store.MessageStatus.FAILED);
                assertThat(report.get("reason").asText()).isEqualTo(failed.statusDetail());
                // refused, not unreachable: one attempt that reached the peer and got its error, no retries
                assertThat(NodeInternals.store(ggd).deliveryAttempts().of(failed.pk()))
                        .singleElement()
                        .satisfies(a -> assertThat(a.httpStatus()).isEqualTo(200))
                        .satisfies(a -> assertThat(a.outcome()).isEqualTo("ERROR"));
                assertThat(NodeInternals.store(ggd).failureReports().isReported(failed.pk()))
                        .isTrue();
                assertThat(get(ggd, "/api/failed?cpaId=" + URLEncoder.encode(cpaId, StandardCharsets.UTF_8)))
                        .singleElement()
                        .satisfies(m -> assertThat(m.path("sourceId").asText()).isEqualTo("src-refused-1"));
                assertThat(NodeInternals.store(chain.provider()).messages().find(Direction.IN, cpaId, messageId))
                        .isEmpty();
            }
        }
    }

    /**
     * Waits for {@code expected} reports, then takes whatever else is on the queue: reports are made oldest message
     * first, so any repeat of an earlier report would already be there.
     */
    private static List<JsonNode> reportsOn(GatewayFlows flows, int expected) throws Exception {
        List<JsonNode> reports = new java.util.ArrayList<>();
        try (JMSContext context = flows.runtime().connectionFactory().createContext();
                JMSConsumer consumer = context.createConsumer(context.createQueue(FAILURE_QUEUE))) {
            while (reports.size() < expected) {
                Message m = consumer.receive(Duration.ofSeconds(60).toMillis());
                assertThat(m)
                        .as("failure report %d of %d", reports.size() + 1, expected)
                        .isNotNull();
                reports.add(JSON.readTree(((TextMessage) m).getText()));
            }
            for (Message m = consumer.receiveNoWait(); m != null; m = consumer.receiveNoWait()) {
                reports.add(JSON.readTree(((TextMessage) m).getText()));
            }
        }
        return reports;
    }

    private static JsonNode get(Gateway node, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
