package nl.dkgw.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.chain.report.ChainTestReport;
import nl.dkgw.chain.report.TestCaseResult;
import nl.dkgw.chain.simulator.ControlEndpoint;
import nl.dkgw.chain.simulator.ForeignHabit;
import nl.dkgw.chain.simulator.ForeignHabits;
import nl.dkgw.chain.simulator.SignalExchange;
import nl.dkgw.chain.simulator.SimulatedChain;
import nl.dkgw.chain.simulator.Simulator;
import nl.dkgw.chain.simulator.SimulatorKind;
import nl.dkgw.chain.suite.ChainTestSuite;
import nl.dkgw.chain.suite.SuiteOptions;
import nl.dkgw.chain.suite.SuiteProgress;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.chaintest.ChainTestRunner.Status;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.gateway.diagnosis.NodeCredentials;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.testkit.Slow;
import nl.dkgw.xsd.EnvelopeSchemaCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The foreign peer: a simulator with the reference adapter's habits, all of them on, against a client node set up as
 * docs/interop.md tells a user (compatibility mode on, intermediate CAs configured). The compliance suite passes in
 * each of the six profiles, including the foreign peer's own Ping and StatusRequest without eb:Role; and each habit
 * is there on the wire.
 */
@Slow
class ForeignPeerSuiteTest {

    @TempDir
    static Path dir;

    static SimulatedChain chain;
    static Gateway client;
    static ControlEndpoint control;
    static Simulator foreign;
    static Map<String, String> refusedImports;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        chain = SimulatedChain.prepare(dir.resolve("chain"));
        client = Gateway.start(chain.clientConfig(0, 0), dir.resolve("client"));
        chain.start(List.of(SimulatorKind.FOREIGN), URI.create("https://localhost:" + client.ebmsPort() + "/ebms"));
        refusedImports = chain.importEachInto(client);
        control = ControlEndpoint.start(chain.simulators(), 0);
        foreign = chain.simulator(SimulatorKind.FOREIGN);
    }

    @AfterAll
    static void stop() {
        if (control != null) {
            control.close();
        }
        if (chain != null) {
            chain.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @AfterEach
    void allHabitsAgain() {
        foreign.habits(ForeignHabits.all());
    }

    static SuiteOptions options() {
        return new SuiteOptions(Duration.ofSeconds(30), Duration.ofMillis(500), 1024 * 1024, null);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theComplianceSuitePassesAgainstTheForeignPeer(Profile profile) {
        String cpaId = foreign.cpaId(profile);
        assertThat(refusedImports)
                .as("the client imports the foreign peer's CPA (compatibility mode on)")
                .doesNotContainKey(cpaId);

        ChainTestReport report =
                new ChainTestSuite(client, cpaId, options().withControl(control.url(foreign))).run(SuiteProgress.NONE);

        assertThat(report.tests())
                .filteredOn(TestCaseResult::failed)
                .as("failed tests")
                .isEmpty();
        assertThat(report.test("answers the counterpart's Ping").status()).isEqualTo(Status.PASSED);
        assertThat(report.test("answers the counterpart's Ping").detail())
                .contains("Pong")
                .contains("schema-valid");
        assertThat(report.test("answers the counterpart's StatusRequest").status())
                .isEqualTo(Status.PASSED);
        assertThat(report.test("echo (both ways)").status()).isEqualTo(Status.PASSED);
        assertThat(foreign.schemaRefusals())
                .as("nothing from the client was refused as not schema-valid")
                .filteredOn(r -> report.tests().stream()
                        .anyMatch(t -> t.messageIds().contains(r.messageId())
                                || t.messageIds().contains(r.refToMessageId())))
                .isEmpty();
        if (profile.signed()) {
            // syncReplyMode none and the sender known: the refusal comes back as a MessageError of its own
            assertThat(report.test("refuses unsigned message").detail()).contains("MessageError sent back");
            assertThat(report.test("refuses tampered signature").detail()).contains("MessageError sent back");
            // the foreign peer's echo, as the client received and verified it: only the leaf in ds:KeyInfo
            String conversation = client.report(report.test("send EchoRequest (one way)")
                            .messageIds()
                            .get(0))
                    .orElseThrow()
                    .message()
                    .conversationId();
            StoredMessage echo = client.received(cpaId, null, 1000).stream()
                    .filter(m -> m.direction() == Direction.IN && conversation.equals(m.conversationId()))
                    .findFirst()
                    .orElseThrow();
            String envelope = new String(
                    client.messages().wireCopy(echo.pk()).orElseThrow().envelope(), StandardCharsets.UTF_8);
            assertThat(count(envelope, "X509Certificate>"))
                    .as("one ds:X509Certificate (start and end tag)")
                    .isEqualTo(2);
        }
    }

    @Test
    void theForeignPeersCpasAgreeItsHabits() throws Exception {
        for (Profile profile : Profile.values()) {
            String cpa = Files.readString(chain.dir().resolve("cpa").resolve("foreign-" + profile.code() + ".xml"));
            assertThat(cpa)
                    .as(profile.code())
                    .contains("syncReplyMode=\"none\"")
                    .doesNotContain("mshSignalsOnly");
            if (profile.encrypted()) {
                assertThat(cpa)
                        .as(profile.code())
                        .contains("http://www.w3.org/2001/04/xmlenc#aes128-cbc")
                        .contains("http://www.w3.org/2001/04/xmlenc#rsa-1_5")
                        .doesNotContain("gcm");
            }
        }
        Path yml = chain.writeClientConfig(URI.create("https://localhost:" + client.ebmsPort() + "/ebms"), 0);
        assertThat(Files.readString(yml)).contains("compatibility-mode: true").contains("intermediates: ");
        assertThat(new GatewayConfigLoader().load(yml).gb().enabled())
                .as("the client takes part in Grote Berichten, as the simulators do")
                .isTrue();
    }

    @Test
    void itsOwnPingCarriesNoRoleInItsOwnStyleAndIsSchemaValid() {
        SignalExchange ping = foreign.pingCounterpart(foreign.cpaId(Profile.OSB_BE));
        assertThat(ping.request())
                .contains("<SOAP-ENV:Envelope")
                .contains("<eb:Action>Ping</eb:Action>")
                .doesNotContain("Role")
                .doesNotContain("SyncReply");
        assertThat(EnvelopeSchemaCheck.problems(ping.request().getBytes(StandardCharsets.UTF_8)))
                .isEmpty();

        foreign.habits(ForeignHabits.all().without(ForeignHabit.PING_WITHOUT_ROLES));
        SignalExchange withRoles = foreign.pingCounterpart(foreign.cpaId(Profile.OSB_BE));
        assertThat(withRoles.request())
                .contains("<eb:Role>Ontvanger</eb:Role>")
                .contains("<eb:Role>Aanleverer</eb:Role>");
    }

    @Test
    void strictSchemaRefusesAnEmptyRoleWithHttp500AndRecordsTheSchemaError() throws Exception {
        String id = UUID.randomUUID() + "@test";
        HttpResponse<String> r = post(ping(id, "<eb:Role/>", true));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body())
                .as("the reference adapter answers a schema error with an empty 500")
                .isEmpty();
        assertThat(foreign.schemaRefusals())
                .filteredOn(x -> id.equals(x.messageId()))
                .singleElement()
                .satisfies(
                        x -> assertThat(x.reason()).contains("eb:MessageHeader").contains("Role"));
        JsonNode received = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(control.url(foreign) + "/received"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(received.get("schemaRefusals").findValuesAsText("messageId")).contains(id);

        String noAction = UUID.randomUUID() + "@test";
        HttpResponse<String> fault = post(ping(noAction, "", true), null);
        assertThat(fault.statusCode()).isEqualTo(500);
        assertThat(fault.body()).contains("Fault").contains("SOAPAction is missing");
        assertThat(foreign.schemaRefusals())
                .filteredOn(x -> noAction.equals(x.messageId()))
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("SOAPAction"));

        foreign.habits(ForeignHabits.all().without(ForeignHabit.STRICT_SCHEMA));
        String taken = UUID.randomUUID() + "@test";
        assertThat(post(ping(taken, "<eb:Role/>", true)).statusCode())
                .as("a dkgw node reads it")
                .isEqualTo(200);
        assertThat(foreign.schemaRefusals()).noneMatch(x -> taken.equals(x.messageId()));
    }

    @Test
    void aPartEncryptedWithAesGcmFailsAsAtTheReferenceAdapterWhichCanOnlyDoCbc() throws Exception {
        String id = UUID.randomUUID() + "@test";
        String part = "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" "
                + "Type=\"http://www.w3.org/2001/04/xmlenc#Content\"><xenc:EncryptionMethod "
                + "Algorithm=\"http://www.w3.org/2009/xmlenc11#aes128-gcm\"/><xenc:CipherData><xenc:CipherValue>"
                + "AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>";
        String body = "--b1\r\nContent-Type: text/xml; charset=UTF-8\r\nContent-ID: <soap@test>\r\n\r\n"
                + ping(id, "", true) + "\r\n--b1\r\nContent-Type: application/xml\r\nContent-ID: <p1@test>\r\n\r\n"
                + part + "\r\n--b1--\r\n";

        HttpResponse<String> r =
                post("multipart/related; type=\"text/xml\"; boundary=\"b1\"; start=\"<soap@test>\"", body, "\"ebXML\"");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEmpty();
        assertThat(foreign.schemaRefusals())
                .filteredOn(x -> id.equals(x.messageId()))
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("AES-GCM").contains("aes128-gcm"));
    }

    @Test
    void itsSynchronousSignalRepliesAreBareTextXml() throws Exception {
        HttpResponse<String> bare = post(ping(UUID.randomUUID() + "@test", "", true));
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(bare.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(bare.body()).contains("Pong").doesNotContain("--");

        foreign.habits(ForeignHabits.all().without(ForeignHabit.BARE_SYNC_REPLIES));
        HttpResponse<String> wrapped = post(ping(UUID.randomUUID() + "@test", "", true));
        assertThat(wrapped.headers().firstValue("Content-Type").orElse("")).startsWith("multipart/related");
    }

    @Test
    void theControlEndpointSwitchesWireHabitsAndKeepsThoseChosenAtStart() throws Exception {
        String base = control.url(foreign).toString();
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(base + "/habits"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"habits\": \"none\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(texts(json.readTree(put.body()).get("shown")))
                .containsExactly("leaf-only-key-info", "cbc-rsa15", "async-errors");
        assertThat(foreign.habits().has(ForeignHabit.STRICT_SCHEMA)).isFalse();

        http.send(
                HttpRequest.newBuilder(URI.create(base + "/habits"))
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"habits\": [\"strict-schema\", \"bare-sync-replies\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.habits().ids())
                .containsExactly(
                        "leaf-only-key-info", "cbc-rsa15", "async-errors", "bare-sync-replies", "strict-schema");

        HttpResponse<String> bad = http.send(
                HttpRequest.newBuilder(URI.create(base + "/habits"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"habits\": \"polite\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown habit 'polite'");

        HttpResponse<String> ping = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ping"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"cpaId\": \"" + foreign.cpaId(Profile.OSB_BE) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ping.body()).get("request").asText()).contains("<eb:Action>Ping</eb:Action>");
    }

    @Test
    void habitsParseAndDescribeThemselves() {
        assertThat(ForeignHabits.parse("all")).isEqualTo(ForeignHabits.all());
        assertThat(ForeignHabits.parse("none").shown()).isEmpty();
        assertThat(ForeignHabits.parse(" cbc-rsa15 , STRICT_SCHEMA").ids())
                .containsExactly("cbc-rsa15", "strict-schema");
        assertThat(ForeignHabits.none()
                        .keepingStartChoicesOf(ForeignHabits.all())
                        .ids())
                .containsExactly("leaf-only-key-info", "cbc-rsa15", "async-errors");
        assertThatThrownBy(() -> ForeignHabits.parse("cbc,gcm"))
                .hasMessageContaining("unknown habit 'cbc'")
                .hasMessageContaining("leaf-only-key-info");
    }

    // --- a Ping from the client's credentials, straight onto the foreign peer's endpoint

    private static String ping(String messageId, String roleElement, boolean syncReply) {
        String cpaId = foreign.cpaId(Profile.OSB_BE);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:eb=\"http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd\"><s:Header>"
                + "<eb:MessageHeader s:mustUnderstand=\"1\" eb:version=\"2.0\">"
                + "<eb:From><eb:PartyId eb:type=\"urn:osb:oin\">" + SimulatedChain.CLIENT_OIN + "</eb:PartyId>"
                + roleElement + "</eb:From>"
                + "<eb:To><eb:PartyId eb:type=\"urn:osb:oin\">" + SimulatorKind.FOREIGN.oin() + "</eb:PartyId></eb:To>"
                + "<eb:CPAId>" + cpaId + "</eb:CPAId><eb:ConversationId>" + UUID.randomUUID()
                + "</eb:ConversationId><eb:Service>urn:oasis:names:tc:ebxml-msg:service</eb:Service>"
                + "<eb:Action>Ping</eb:Action><eb:MessageData><eb:MessageId>" + messageId + "</eb:MessageId>"
                + "<eb:Timestamp>2026-01-01T00:00:00Z</eb:Timestamp></eb:MessageData></eb:MessageHeader>"
                + (syncReply
                        ? "<eb:SyncReply s:actor=\"http://schemas.xmlsoap.org/soap/actor/next\" "
                                + "s:mustUnderstand=\"1\" eb:version=\"2.0\"/>"
                        : "")
                + "</s:Header><s:Body/></s:Envelope>";
    }

    private static HttpResponse<String> post(String envelope) throws Exception {
        return post(envelope, "\"ebXML\"");
    }

    private static HttpResponse<String> post(String envelope, String soapAction) throws Exception {
        return post("text/xml; charset=UTF-8", envelope, soapAction);
    }

    private static HttpResponse<String> post(String contentType, String body, String soapAction) throws Exception {
        NodeCredentials credentials = NodeCredentials.load(client.config(), client.baseDir());
        SSLContext context =
                TlsContexts.create(credentials.clientKey(), credentials.anchors(), credentials.validator());
        SSLParameters parameters = context.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        HttpClient tls = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(parameters)
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(foreign.endpoint())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType);
        if (soapAction != null) {
            request.header("SOAPAction", soapAction);
        }
        return tls.send(
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
