package nl.dkgw.routes.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * While the gateway cannot store messages, every source keeps its events, and hands them over once it can. An event
 * the gateway refuses for good (it names the remedy CHANGE_SUBMISSION or FIX_NODE) is tried once: a JMS event goes to
 * the flow's dead-letter queue with the reason, a dropped file to {@code error/} with a {@code .reason} file.
 */
@Slow
class SourcesTest {

    static final String EVENT = """
            {"testId": "T-1", "ggdRegion": "GGD14", "testType": "PCR",
             "sampleTime": "2026-01-10T09:15:00+01:00", "resultTime": "2026-01-11T10:00:00+01:00", "outcome": "NEGATIVE",
             "person": {"bsn": "999990019", "birthDate": "1980-02-29", "sex": "V", "postcode": "2333"}}
            """;

    @TempDir
    static Path dir;

    static StubEbms ebms = new StubEbms();
    static FlowsRuntime flows;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        FlowsConfig config = new FlowsConfig(
                null,
                new FlowsConfig.Rest("127.0.0.1", 0),
                null,
                Map.of(
                        TestResultFlow.NAME,
                        new FlowsConfig.FlowConfig(
                                new FlowsConfig.Send(
                                        "cpa",
                                        "svc",
                                        "act",
                                        null,
                                        new FlowsConfig.Sources("in", true, "drop", null, null, null)),
                                null,
                                null)));
        flows = FlowsRuntime.start(config, dir, ebms, null, FlowCatalogue.standard(), Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() {
        if (flows != null) {
            flows.close();
        }
    }

    @BeforeEach
    void up() {
        ebms.down.set(false);
        ebms.refusing.set(null);
    }

    @Test
    void restAnswers503WhileTheGatewayCannotStoreAnd202Afterwards() throws Exception {
        ebms.down.set(true);
        HttpResponse<String> refused = post("/flows/" + TestResultFlow.NAME, "rest-1");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("try again").contains("STORE_UNAVAILABLE");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        ebms.down.set(false);
        HttpResponse<String> accepted = post("/flows/" + TestResultFlow.NAME, "rest-1");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains(MessageIdOf.event(TestResultFlow.NAME, "rest-rest-1"));
    }

    @Test
    void restAnswers422WhenTheGatewayRefusesTheMessageSoTheCallerDoesNotRetryIt() throws Exception {
        ebms.refusing.set("CHANGE_SUBMISSION");
        HttpResponse<String> refused = post("/flows/" + TestResultFlow.NAME, "refused-1");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("refused").contains("SOME_REASON");
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void restAnswers500WhenTheNodeCannotSendOrTheFailureIsUnknown() throws Exception {
        ebms.refusing.set("FIX_NODE");
        HttpResponse<String> misconfigured = post("/flows/" + TestResultFlow.NAME, "node-1");
        assertThat(misconfigured.statusCode()).isEqualTo(500);
        assertThat(misconfigured.body()).contains("as configured");
        ebms.refusing.set("");
        HttpResponse<String> unknown = post("/flows/" + TestResultFlow.NAME, "unknown-1");
        assertThat(unknown.statusCode()).isEqualTo(500);
        assertThat(unknown.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void restRefusesOtherMethodsAndUnknownFlows() throws Exception {
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(uri("/flows/" + TestResultFlow.NAME))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(post("/flows/cims-vaccination", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDroppedFileWaitsUntilTheGatewayCanStoreIt() throws Exception {
        ebms.down.set(true);
        Path drop = dir.resolve("drop");
        Files.createDirectories(drop);
        Path temp = Files.writeString(dir.resolve("f.tmp"), EVENT.replace("T-1", "T-file"));
        Files.move(temp, drop.resolve("t-file.json"), StandardCopyOption.ATOMIC_MOVE);
        int before = ebms.messageIds.size();
        int refusals = ebms.refusals.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> ebms.refusals.get() > refusals);
        assertThat(drop.resolve("t-file.json")).exists();
        ebms.down.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(drop.resolve("done/t-file.json")));
        assertThat(ebms.messageIds.size()).isEqualTo(before + 1);
        assertThat(drop.resolve("error")).doesNotExist();
    }

    @Test
    void aJmsEventIsRolledBackWhileTheGatewayCannotStoreAndSentAfterwards() throws Exception {
        ebms.down.set(true);
        int refusals = ebms.refusals.get();
        try (JMSContext context = flows.connectionFactory().createContext()) {
            context.createProducer()
                    .setProperty("DkgwSourceId", "jms-src-1")
                    .send(context.createQueue("in"), EVENT.replace("T-1", "T-jms"));
        }
        String messageId = MessageIdOf.event(TestResultFlow.NAME, "jms-src-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> ebms.refusals.get() > refusals);
        assertThat(ebms.messageIds).doesNotContain(messageId);
        ebms.down.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ebms.messageIds.contains(messageId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHANGE_SUBMISSION", "FIX_NODE"})
    void aJmsEventTheGatewayRefusesForGoodIsDeadLetteredWithTheReasonAndAcknowledged(String remedy) throws Exception {
        ebms.refusing.set(remedy);
        String sourceId = "jms-refused-" + remedy;
        sendJms(sourceId, EVENT.replace("T-1", "T-" + sourceId));
        Message dead = deadLetter(sourceId);
        assertThat(dead.getStringProperty("DkgwFlow")).isEqualTo(TestResultFlow.NAME);
        assertThat(dead.getStringProperty("DkgwRejectKind")).isEqualTo("REFUSED");
        assertThat(dead.getStringProperty("DkgwRejectReason")).isEqualTo("SOME_REASON: refused by the stub");
        assertThat(dead.getStringProperty("DkgwSubmissionFailure")).isEqualTo("SOME_REASON");
        assertThat(dead.getStringProperty("DkgwSubmissionRemedy")).isEqualTo(remedy);
        assertThat(dead.getStringProperty("DkgwMessageId")).isNull();
        assertThat(body(dead)).isEqualTo(EVENT.replace("T-1", "T-" + sourceId));
        String messageId = MessageIdOf.event(TestResultFlow.NAME, sourceId);
        assertThat(ebms.attemptsOf(messageId)).isEqualTo(1);
        // acknowledged: not on the queue any more, and not handed to the flow again once the gateway would take it
        ebms.refusing.set(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> onQueue("in", sourceId) == 0);
        sendJms(sourceId + "-next", EVENT.replace("T-1", "T-next-" + remedy));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ebms.messageIds.contains(MessageIdOf.event(TestResultFlow.NAME, sourceId + "-next")));
        assertThat(ebms.messageIds).doesNotContain(messageId);
        assertThat(ebms.attemptsOf(messageId)).isEqualTo(1);
    }

    @Test
    void aJmsEventWhoseFailureNamesNoRemedyIsRolledBackNotDeadLettered() throws Exception {
        ebms.refusing.set("");
        String sourceId = "jms-unknown-1";
        String messageId = MessageIdOf.event(TestResultFlow.NAME, sourceId);
        sendJms(sourceId, EVENT.replace("T-1", "T-jms-unknown"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ebms.attemptsOf(messageId) >= 2);
        ebms.refusing.set(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> ebms.messageIds.contains(messageId));
        assertThat(onQueue("dkgw.flows." + TestResultFlow.NAME + ".dead-letter", sourceId))
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHANGE_SUBMISSION", "FIX_NODE"})
    void aDroppedFileTheGatewayRefusesForGoodIsMovedToErrorWithTheReasonAndNotReadAgain(String remedy)
            throws Exception {
        ebms.refusing.set(remedy);
        String name = "t-refused-" + remedy + ".json";
        String event = EVENT.replace("T-1", "T-" + name);
        Path drop = drop(name, event);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(drop.resolve("error/" + name)));
        assertThat(drop.resolve(name)).doesNotExist();
        assertThat(drop.resolve("error/" + name)).hasContent(event);
        assertThat(Files.readString(drop.resolve("error/" + name + ".reason")))
                .isEqualTo("REFUSED" + System.lineSeparator() + "SOME_REASON: refused by the stub"
                        + System.lineSeparator());
        String messageId = MessageIdOf.event(
                TestResultFlow.NAME, "file-" + Digest.sha256(name, event.getBytes(StandardCharsets.UTF_8)));
        assertThat(ebms.attemptsOf(messageId)).isEqualTo(1);
        assertThat(ebms.messageIds).doesNotContain(messageId);
    }

    @Test
    void aDroppedFileWhoseFailureNamesNoRemedyStaysForTheNextPoll() throws Exception {
        ebms.refusing.set("");
        String name = "t-unknown.json";
        String event = EVENT.replace("T-1", "T-unknown-file");
        Path drop = drop(name, event);
        String messageId = MessageIdOf.event(
                TestResultFlow.NAME, "file-" + Digest.sha256(name, event.getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ebms.attemptsOf(messageId) >= 2);
        assertThat(drop.resolve(name)).exists();
        ebms.refusing.set(null);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(drop.resolve("done/" + name)));
        assertThat(drop.resolve("error/" + name)).doesNotExist();
    }

    private static Path drop(String name, String event) throws Exception {
        Path drop = dir.resolve("drop");
        Files.createDirectories(drop);
        Path temp = Files.writeString(dir.resolve(name + ".tmp"), event);
        Files.move(temp, drop.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return drop;
    }

    private static void sendJms(String sourceId, String event) {
        try (JMSContext context = flows.connectionFactory().createContext()) {
            context.createProducer().setProperty("DkgwSourceId", sourceId).send(context.createQueue("in"), event);
        }
    }

    /** Takes the event with this source id from the flow's dead-letter queue, waiting for it. */
    private static Message deadLetter(String sourceId) throws Exception {
        try (JMSContext context = flows.connectionFactory().createContext(JMSContext.CLIENT_ACKNOWLEDGE);
                JMSConsumer consumer = context.createConsumer(
                        context.createQueue("dkgw.flows." + TestResultFlow.NAME + ".dead-letter"),
                        "DkgwSourceId = '" + sourceId + "'")) {
            Message m = consumer.receive(Duration.ofSeconds(20).toMillis());
            assertThat(m).as("dead letter of " + sourceId).isNotNull();
            m.acknowledge();
            return m;
        }
    }

    private static long onQueue(String queue, String sourceId) throws Exception {
        try (JMSContext context = flows.connectionFactory().createContext();
                QueueBrowser browser =
                        context.createBrowser(context.createQueue(queue), "DkgwSourceId = '" + sourceId + "'")) {
            return java.util.Collections.list(browser.getEnumeration()).size();
        }
    }

    private static String body(Message m) throws Exception {
        return m instanceof jakarta.jms.BytesMessage
                ? new String(m.getBody(byte[].class), StandardCharsets.UTF_8)
                : m.getBody(String.class);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + flows.restPort() + path);
    }

    private static HttpResponse<String> post(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(EVENT));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
