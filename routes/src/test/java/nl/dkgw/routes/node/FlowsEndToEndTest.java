package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.delivery.InboundTable;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.routes.source.OutboxTable;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The three flows end to end between two gateway nodes on real PostgreSQL over a signed CPA (osb-rm-s: signed
 * messages, signed receipts carrying the references of what was sent): GGD's node takes events from
 * embedded Artemis, REST, a drop directory and a PostgreSQL outbox, RIVM's node delivers what it receives to a JMS
 * queue (test results), a PostgreSQL table (vaccinations) and a webhook (case status notices). Invalid events never
 * leave GGD's node and land in the flow's dead-letter queue with a readable reason; no BSN reaches a log.
 */
@Slow
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowsEndToEndTest {

    static final String OUTBOX = "dkgw_outbox";
    static final String VACCINATION_TABLE = "cims_vaccination";
    static final String TEST_RESULT_QUEUE = "cims.testresults";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static LocalChain chain;
    static String cpaId;
    static RealPostgres.Database ggdDb;
    static RealPostgres.Database rivmDb;
    static GatewayFlows ggd;
    static GatewayFlows rivm;
    static HttpServer webhook;
    static JMSContext testResultListener;
    static final Map<String, String> deliveredTestResults = new ConcurrentHashMap<>();
    static final Map<String, String> deliveredNotices = new ConcurrentHashMap<>();
    static final List<String> webhookMessageIds = java.util.Collections.synchronizedList(new ArrayList<>());
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        chain = LocalChain.start(
                dir.resolve("chain"),
                ChainDatabase.POSTGRES.jdbcUrls(),
                Duration.ofSeconds(1),
                List.of(),
                SyncReplyMode.NONE);
        cpaId = FlowCpa.add(chain, Profile.OSB_RM_S);
        ggdDb = RealPostgres.newDatabase();
        rivmDb = RealPostgres.newDatabase();
        execute(ggdDb, OutboxTable.ddl(OUTBOX));
        execute(rivmDb, InboundTable.ddl(VACCINATION_TABLE));
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        webhook.createContext("/mijnoverheid", x -> {
            String id = x.getRequestHeaders().getFirst("X-Dkgw-Message-Id");
            webhookMessageIds.add(id);
            deliveredNotices.put(id, new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        webhook.start();

        ggd = GatewayFlows.start(chain.consumer(), ggdConfig(), dir.resolve("ggd-flows"));
        rivm = GatewayFlows.start(chain.provider(), rivmConfig(), dir.resolve("rivm-flows"));
        testResultListener = rivm.runtime().connectionFactory().createContext();
        testResultListener
                .createConsumer(testResultListener.createQueue(TEST_RESULT_QUEUE))
                .setMessageListener(m -> {
                    try {
                        deliveredTestResults.put(m.getStringProperty("DkgwMessageId"), body(m));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    static FlowsConfig ggdConfig() {
        Map<String, FlowsConfig.FlowConfig> flows = new java.util.LinkedHashMap<>();
        flows.put(TestResultFlow.NAME, send(TestResultFlow.NAME, FlowCpa.TEST_RESULT, Map.of()));
        flows.put(VaccinationFlow.NAME, send(VaccinationFlow.NAME, FlowCpa.VACCINATION, Map.of()));
        flows.put(
                StatusNoticeFlow.NAME,
                send(
                        StatusNoticeFlow.NAME,
                        FlowCpa.CASE_STATUS,
                        Map.of("sender-oin", LocalChain.CONSUMER.oin(), "sender-application", "ZAAKSYSTEEM")));
        return new FlowsConfig(
                null,
                new FlowsConfig.Rest("127.0.0.1", 0),
                new FlowsConfig.Database(ggdDb.jdbcUrl(), ggdDb.user(), ggdDb.password()),
                flows);
    }

    static FlowsConfig.FlowConfig send(String flow, String action, Map<String, String> properties) {
        return new FlowsConfig.FlowConfig(
                new FlowsConfig.Send(
                        cpaId,
                        FlowCpa.SERVICE,
                        action,
                        null,
                        new FlowsConfig.Sources(
                                "ggd." + flow, true, "drop/" + flow, OUTBOX, Duration.ofMillis(200), 20)),
                null,
                properties);
    }

    static FlowsConfig rivmConfig() {
        Map<String, FlowsConfig.FlowConfig> flows = new java.util.LinkedHashMap<>();
        flows.put(
                TestResultFlow.NAME,
                receive(FlowCpa.TEST_RESULT, new FlowsConfig.DeliverTo(TEST_RESULT_QUEUE, null, null)));
        flows.put(
                VaccinationFlow.NAME,
                receive(FlowCpa.VACCINATION, new FlowsConfig.DeliverTo(null, VACCINATION_TABLE, null)));
        flows.put(
                StatusNoticeFlow.NAME,
                receive(
                        FlowCpa.CASE_STATUS,
                        new FlowsConfig.DeliverTo(
                                null,
                                null,
                                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/mijnoverheid")));
        return new FlowsConfig(
                null, null, new FlowsConfig.Database(rivmDb.jdbcUrl(), rivmDb.user(), rivmDb.password()), flows);
    }

    static FlowsConfig.FlowConfig receive(String action, FlowsConfig.DeliverTo to) {
        return new FlowsConfig.FlowConfig(
                null, new FlowsConfig.Receive(cpaId, FlowCpa.SERVICE, action, null, to), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (testResultListener != null) {
            testResultListener.close();
        }
        if (ggd != null) {
            ggd.close();
        }
        if (rivm != null) {
            rivm.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (chain != null) {
            chain.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    enum Source {
        JMS,
        REST,
        OUTBOX,
        DIRECTORY
    }

    static Stream<Arguments> everyFlowFromEverySource() {
        List<Arguments> cases = new ArrayList<>();
        for (String flow : List.of(TestResultFlow.NAME, VaccinationFlow.NAME, StatusNoticeFlow.NAME)) {
            for (Source source : Source.values()) {
                cases.add(Arguments.of(flow, source));
            }
        }
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("everyFlowFromEverySource")
    void anEventTravelsFromItsSourceToTheReceivingSystemOnce(String flow, Source source) throws Exception {
        String marker = "E" + UUID.randomUUID().toString().substring(0, 8);
        String event = FlowEvents.event(flow, marker);
        submit(flow, source, event, marker);

        String messageId = await("delivery of " + marker)
                .atMost(Duration.ofSeconds(40))
                .until(() -> deliveredMessageId(flow, marker), id -> id != null);
        assertThat(messageId).startsWith(flow + ".").endsWith("@" + MessageIdOf.DOMAIN);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> chain.consumer()
                                .report(messageId)
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.ACKNOWLEDGED);
        assertThat(chain.consumer().report(messageId).orElseThrow().message().action())
                .isEqualTo(actionOf(flow));
        assertSignedReceipt(messageId);
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedStatus(messageId) == MessageStatus.PROCESSED);
        assertThat(deliveriesOf(flow, marker)).isEqualTo(1);
        if (source == Source.DIRECTORY) {
            assertThat(dir.resolve("ggd-flows/drop/" + flow + "/done/" + marker + ".json"))
                    .exists();
        }
        if (source == Source.OUTBOX) {
            assertThat(query(
                            ggdDb,
                            "SELECT status || ' ' || message_id FROM " + OUTBOX + " WHERE payload LIKE '%" + marker
                                    + "%'"))
                    .isEqualTo("SENT " + messageId);
        }
        if (flow.equals(StatusNoticeFlow.NAME)) {
            assertThat(deliveredNotices.get(messageId))
                    .contains("<berichtcode>Lk01</berichtcode>")
                    .contains("<applicatie>Lopende zaken</applicatie>")
                    .contains("<organisatie>" + LocalChain.CONSUMER.oin() + "</organisatie>");
        }
    }

    @Order(2)
    @Test
    void theSameIdempotencyKeyGivesOneMessage() throws Exception {
        String marker = "I" + UUID.randomUUID().toString().substring(0, 8);
        String event = FlowEvents.event(TestResultFlow.NAME, marker);
        HttpResponse<String> first = post(TestResultFlow.NAME, event, "key-" + marker);
        HttpResponse<String> second = post(TestResultFlow.NAME, event, "key-" + marker);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        String messageId = JSON.readTree(first.body()).get("messageId").asText();
        assertThat(JSON.readTree(second.body()).get("messageId").asText()).isEqualTo(messageId);
        assertThat(messageId).isEqualTo(MessageIdOf.event(TestResultFlow.NAME, "rest-key-" + marker));
        await().atMost(Duration.ofSeconds(40)).until(() -> receivedStatus(messageId) == MessageStatus.PROCESSED);
        assertThat(deliveriesOf(TestResultFlow.NAME, marker)).isEqualTo(1);
    }

    @Order(3)
    @Test
    void aBadBsnOverRestIsAnsweredWith422AndDeadLettered() throws Exception {
        String marker = "B" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = post(
                TestResultFlow.NAME,
                FlowEvents.event(TestResultFlow.NAME, marker, FlowEvents.BAD_BSN, true),
                "key-" + marker);
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("kind").asText()).isEqualTo("INVALID");
        assertThat(body.get("errors").toString()).contains("11-test").doesNotContain(FlowEvents.BAD_BSN);
        Message dead = deadLetter(TestResultFlow.NAME, marker);
        assertThat(dead.getStringProperty("DkgwRejectReason"))
                .isEqualTo("person/bsn is not a valid BSN (fails the 11-test)");
        assertThat(chain.consumer().report(MessageIdOf.event(TestResultFlow.NAME, "rest-key-" + marker)))
                .isEmpty();

        assertThat(post(TestResultFlow.NAME, "{not json", null).statusCode()).isEqualTo(400);
        assertThat(post("no-such-flow", "{}", null).statusCode()).isEqualTo(404);
    }

    @Order(3)
    @Test
    void aSchemaViolationFromJmsIsDeadLetteredWithTheReason() throws Exception {
        String marker = "S" + UUID.randomUUID().toString().substring(0, 8);
        String event = FlowEvents.event(VaccinationFlow.NAME, marker).replace("\"doseNumber\": 2", "\"doseNumber\": 0");
        sendJms(ggd.runtime().connectionFactory(), "ggd." + VaccinationFlow.NAME, event, "jms-bad-" + marker);
        Message dead = deadLetter(VaccinationFlow.NAME, marker);
        assertThat(dead.getStringProperty("DkgwRejectKind")).isEqualTo("INVALID");
        assertThat(dead.getStringProperty("DkgwRejectReason"))
                .contains("schema:")
                .contains("doseNumber");
        assertThat(chain.consumer().report(MessageIdOf.event(VaccinationFlow.NAME, "jms-bad-" + marker)))
                .isEmpty();
    }

    @Order(3)
    @Test
    void aVaccinationWithoutConsentFromTheOutboxIsNeverSentAndTheDecisionIsRecorded() throws Exception {
        String marker = "C" + UUID.randomUUID().toString().substring(0, 8);
        long id = insertOutbox(
                VaccinationFlow.NAME, FlowEvents.event(VaccinationFlow.NAME, marker, FlowEvents.OTHER_BSN, false));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> query(ggdDb, "SELECT status FROM " + OUTBOX + " WHERE id = " + id)
                        .equals("REJECTED"));
        assertThat(query(ggdDb, "SELECT reason FROM " + OUTBOX + " WHERE id = " + id))
                .isEqualTo("NO_CONSENT: no consent to registration in CIMS: the event is not sent to RIVM");
        Message dead = deadLetter(VaccinationFlow.NAME, marker);
        assertThat(dead.getStringProperty("DkgwRejectKind")).isEqualTo("NO_CONSENT");
        assertThat(chain.consumer().report(MessageIdOf.event(VaccinationFlow.NAME, "outbox-" + OUTBOX + "-" + id)))
                .isEmpty();
    }

    @Order(3)
    @Test
    void anImpossibleDateInTheDropDirectoryEndsInErrorWithAReasonFile() throws Exception {
        String marker = "D" + UUID.randomUUID().toString().substring(0, 8);
        String event = FlowEvents.event(StatusNoticeFlow.NAME, marker)
                .replaceFirst("\"startdatum\": \"[0-9-]+\"", "\"startdatum\": \"2026-02-30\"");
        drop(StatusNoticeFlow.NAME, marker, event);
        Path reason = dir.resolve("ggd-flows/drop/" + StatusNoticeFlow.NAME + "/error/" + marker + ".json.reason");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(reason) && Files.exists(reason.resolveSibling(marker + ".json")));
        assertThat(Files.readString(reason)).contains("INVALID").contains("startdatum is not a date (yyyy-MM-dd)");
        assertThat(deadLetter(StatusNoticeFlow.NAME, marker).getStringProperty("DkgwRejectReason"))
                .contains("startdatum");
    }

    @Order(4)
    @Test
    void noBsnEverReachedALog() {
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String text = e.getFormattedMessage() + " " + e.getKeyValuePairs()
                    + (e.getThrowableProxy() == null
                            ? ""
                            : " " + e.getThrowableProxy().getMessage());
            assertThat(text)
                    .as("log line of %s", e.getLoggerName())
                    .doesNotContain(FlowEvents.BSN, FlowEvents.OTHER_BSN, FlowEvents.BAD_BSN);
        }
    }

    // --- sources

    private void submit(String flow, Source source, String event, String marker) throws Exception {
        switch (source) {
            case JMS:
                sendJms(ggd.runtime().connectionFactory(), "ggd." + flow, event, null);
                break;
            case REST:
                HttpResponse<String> response = post(flow, event, null);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                assertThat(JSON.readTree(response.body()).get("messageId").asText())
                        .startsWith(flow + ".rest-");
                break;
            case OUTBOX:
                insertOutbox(flow, event);
                break;
            case DIRECTORY:
                drop(flow, marker, event);
                break;
            default:
                throw new IllegalArgumentException(source.name());
        }
    }

    static HttpResponse<String> post(String flow, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ggd.runtime().restPort() + "/flows/" + flow))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void sendJms(ConnectionFactory cf, String queue, String text, String sourceId) throws Exception {
        try (JMSContext context = cf.createContext()) {
            var producer = context.createProducer();
            if (sourceId != null) {
                producer.setProperty("DkgwSourceId", sourceId);
            }
            producer.send(context.createQueue(queue), text);
        }
    }

    static long insertOutbox(String flow, String event) throws Exception {
        try (Connection c = ggdDb.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO " + OUTBOX + " (flow, payload) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, flow);
            ps.setString(2, event);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static void drop(String flow, String marker, String event) throws Exception {
        Path dropDir = dir.resolve("ggd-flows/drop/" + flow);
        Files.createDirectories(dropDir);
        Path temp = Files.writeString(dir.resolve(marker + ".tmp"), event);
        Files.move(temp, dropDir.resolve(marker + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    // --- destinations

    private String deliveredMessageId(String flow, String marker) throws Exception {
        switch (flow) {
            case TestResultFlow.NAME:
                return firstKeyWith(deliveredTestResults, marker);
            case StatusNoticeFlow.NAME:
                return firstKeyWith(deliveredNotices, marker);
            default:
                String id = query(
                        rivmDb,
                        "SELECT message_id FROM " + VACCINATION_TABLE + " WHERE payload LIKE '%" + marker + "%'");
                return id.isEmpty() ? null : id;
        }
    }

    private long deliveriesOf(String flow, String marker) throws Exception {
        switch (flow) {
            case TestResultFlow.NAME:
                return deliveredTestResults.values().stream()
                        .filter(v -> v.contains(marker))
                        .count();
            case StatusNoticeFlow.NAME:
                String id = firstKeyWith(deliveredNotices, marker);
                return webhookMessageIds.stream().filter(id::equals).count();
            default:
                return Long.parseLong(query(
                        rivmDb,
                        "SELECT count(*) FROM " + VACCINATION_TABLE + " WHERE payload LIKE '%" + marker + "%'"));
        }
    }

    private static String firstKeyWith(Map<String, String> delivered, String marker) {
        return delivered.entrySet().stream()
                .filter(e -> e.getValue().contains(marker))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static String actionOf(String flow) {
        switch (flow) {
            case TestResultFlow.NAME:
                return FlowCpa.TEST_RESULT;
            case VaccinationFlow.NAME:
                return FlowCpa.VACCINATION;
            default:
                return FlowCpa.CASE_STATUS;
        }
    }

    /** The message went signed, and the Acknowledgment that closed it is signed and names what was sent. */
    private static void assertSignedReceipt(String messageId) throws Exception {
        assertThat(chain.consumer().report(messageId).orElseThrow().message().profile())
                .isEqualTo("osb-rm-s");
        byte[] receipt = chain.consumer().receipt(messageId).orElse(null);
        assertThat(receipt).as("receipt of %s", messageId).isNotNull();
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document ack = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(receipt));
        assertThat(ack.getElementsByTagNameNS(XMLDSIG, "SignatureValue").getLength())
                .isPositive();
        org.w3c.dom.NodeList acknowledgment = ack.getElementsByTagNameNS(EBMS, "Acknowledgment");
        assertThat(acknowledgment.getLength()).isEqualTo(1);
        assertThat(((org.w3c.dom.Element) acknowledgment.item(0))
                        .getElementsByTagNameNS(XMLDSIG, "Reference")
                        .getLength())
                .as("references of the sent message in the receipt")
                .isGreaterThanOrEqualTo(2);
        assertThat(((org.w3c.dom.Element) acknowledgment.item(0))
                        .getElementsByTagNameNS(EBMS, "RefToMessageId")
                        .item(0)
                        .getTextContent())
                .isEqualTo(messageId);
    }

    static final String XMLDSIG = "http://www.w3.org/2000/09/xmldsig#";
    static final String EBMS = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";

    private static MessageStatus receivedStatus(String messageId) {
        return chain.provider().received(cpaId, null, 1000).stream()
                .filter(m -> m.messageId().equals(messageId))
                .map(m -> m.status())
                .findFirst()
                .orElse(null);
    }

    /** Waits for the dead-lettered event carrying the marker on the flow's dead-letter queue at GGD's node. */
    static Message deadLetter(String flow, String marker) throws Exception {
        try (JMSContext context = ggd.runtime().connectionFactory().createContext(JMSContext.CLIENT_ACKNOWLEDGE);
                JMSConsumer consumer = context.createConsumer(
                        context.createQueue("dkgw.flows." + flow + ".dead-letter"), "DkgwFlow = '" + flow + "'")) {
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                Message m = consumer.receive(500);
                if (m != null && body(m).contains(marker)) {
                    m.acknowledge();
                    return m;
                }
            }
        }
        throw new AssertionError("no dead letter with " + marker + " on flow " + flow);
    }

    static String body(Message m) throws Exception {
        if (m instanceof TextMessage t) {
            return t.getText();
        }
        if (m instanceof BytesMessage b) {
            byte[] data = new byte[(int) b.getBodyLength()];
            b.readBytes(data);
            return new String(data, StandardCharsets.UTF_8);
        }
        return String.valueOf(m.getBody(Object.class));
    }

    static void execute(RealPostgres.Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String query(RealPostgres.Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "";
        }
    }
}
