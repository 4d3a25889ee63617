package nl.dkgw.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import javax.xml.parsers.DocumentBuilderFactory;
import nl.dkgw.chain.report.ChainTestReport;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.chain.report.TestCaseResult;
import nl.dkgw.chain.simulator.ControlEndpoint;
import nl.dkgw.chain.simulator.Misbehaviour;
import nl.dkgw.chain.simulator.SimulatedChain;
import nl.dkgw.chain.simulator.Simulator;
import nl.dkgw.chain.simulator.SimulatorKind;
import nl.dkgw.chain.suite.ChainTestSuite;
import nl.dkgw.chain.suite.SuiteOptions;
import nl.dkgw.chain.suite.SuiteProgress;
import nl.dkgw.chain.suite.TerminalProgress;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.chaintest.ChainTestRunner.Status;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The compliance suite against real simulator nodes (the compliance echo service and RIVM CIMS) from a real client
 * node, all on loopback: it passes against well-behaved simulators and writes reports that parse; against a
 * simulator told to misbehave it fails and names the test that broke. The control endpoint switches and records.
 */
@Slow
class ComplianceSuiteTest {

    @TempDir
    static Path dir;

    static SimulatedChain chain;
    static Gateway client;
    static ControlEndpoint control;
    static Simulator echo;
    static Simulator cims;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        chain = SimulatedChain.prepare(dir.resolve("chain"));
        client = Gateway.start(chain.nodeConfig(SimulatedChain.CLIENT_NAME, 0, 0), dir.resolve("client"));
        chain.start(
                List.of(SimulatorKind.COMPLIANCE, SimulatorKind.CIMS),
                URI.create("https://localhost:" + client.ebmsPort() + "/ebms"));
        chain.importInto(client);
        control = ControlEndpoint.start(chain.simulators(), 0);
        echo = chain.simulator(SimulatorKind.COMPLIANCE);
        cims = chain.simulator(SimulatorKind.CIMS);
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
    void behave() {
        chain.simulators().forEach(s -> s.misbehave(Misbehaviour.none()));
    }

    static SuiteOptions options() {
        return new SuiteOptions(Duration.ofSeconds(30), Duration.ofMillis(500), 3 * 1024 * 1024, null);
    }

    @Test
    void theSuitePassesAgainstTheEchoServiceAndWritesReportsThatParse() throws Exception {
        String cpaId = echo.cpaId(Profile.OSB_RM_E);
        ChainTestReport report =
                new ChainTestSuite(client, cpaId, options().withControl(control.url(echo))).run(SuiteProgress.NONE);

        assertThat(report.tests())
                .filteredOn(TestCaseResult::failed)
                .as("failed tests")
                .isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.tests())
                .extracting(TestCaseResult::name)
                .contains(
                        "ping",
                        "send EchoRequest (one way)",
                        "echo (both ways)",
                        "status request",
                        "duplicate elimination",
                        "retry after refused delivery",
                        "large payload",
                        "grote berichten (GB)",
                        "multi-part payload",
                        "refuses unknown CPA id",
                        "refuses wrong sender OIN",
                        "refuses unsigned message",
                        "refuses tampered signature");
        assertThat(report.tests()).as("osb-rm-e: every test applies").noneMatch(TestCaseResult::skipped);
        TestCaseResult oneWay = report.test("send EchoRequest (one way)");
        String messageId = oneWay.messageIds().get(0);
        assertThat(oneWay.evidence())
                .anySatisfy(e -> assertThat(e.title()).isEqualTo("signed receipt (Acknowledgment)"));
        // the simulator took the message in once, although the duplicate test posted it twice
        assertThat(echo.received())
                .filteredOn(m -> m.messageId().equals(messageId))
                .hasSize(1);
        assertThat(echo.posted())
                .filteredOn(p -> messageId.equals(p.messageId()))
                .hasSize(2);
        // the retry test's refused first attempt really happened at the simulator
        String retried =
                report.test("retry after refused delivery").messageIds().get(0);
        assertThat(echo.posted())
                .filteredOn(p -> retried.equals(p.messageId()))
                .extracting(p -> p.handling())
                .containsExactly("unavailable", "handled");

        Path reports = dir.resolve("reports-pass");
        ReportFiles.write(report, reports);
        Document junit = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(reports.resolve(ReportFiles.JUNIT).toFile());
        Element suite = junit.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests"))
                .isEqualTo(String.valueOf(report.tests().size()));
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        NodeList cases = junit.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(report.tests().size());
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        assertThat(properties(junit)).contains("cpaId=" + cpaId, "profile=osb-rm-e", "endpoint=" + echo.endpoint());
        String html = Files.readString(reports.resolve(ReportFiles.HTML));
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("Digikoppeling chain test report")
                .contains(cpaId)
                .contains(messageId)
                .contains(retried)
                .contains("signed receipt (Acknowledgment)")
                .contains("eb:Acknowledgment")
                .contains("SignatureValue")
                .contains("PASSED")
                .doesNotContain("<script");
    }

    @Test
    void aFileGoesThroughGroteBerichtenBothWaysOnceAndIsRefusedToAnotherCertificate() {
        ChainTestReport report = new ChainTestSuite(
                        client,
                        echo.cpaId(Profile.OSB_RM),
                        options().withControl(control.url(echo)).withGbFileBytes(3L * 1024 * 1024 + 7))
                .run(SuiteProgress.NONE);
        TestCaseResult gb = report.test("grote berichten (GB)");
        assertThat(gb.status()).as(gb.detail()).isEqualTo(Status.PASSED);
        assertThat(gb.detail()).contains((3L * 1024 * 1024 + 7) + " bytes").contains("SHA256:");
        assertThat(gb.evidence())
                .anySatisfy(e -> assertThat(e.text()).contains("with this gateway's own certificate: 403"));
        // the simulator took the metadata message in once, and sent one answer with the file
        String sent = gb.messageIds().get(0);
        assertThat(echo.received()).filteredOn(m -> m.messageId().equals(sent)).hasSize(1);
        assertThat(gb.messageIds()).hasSize(2);
        // the simulator cut the download of the file it sent back halfway, and the rest came on a later connection
        assertThat(gb.detail()).contains("its download cut halfway went on over a new connection");
        assertThat(echo.downloads()).anySatisfy(c -> assertThat(c.cut()).isTrue());
    }

    @Test
    void againstCimsTheDuplicateReachesTheReceivingSystemOnce() {
        ChainTestReport report = new ChainTestSuite(
                        client, cims.cpaId(Profile.OSB_RM_S), options().withControl(control.url(cims)))
                .run(SuiteProgress.NONE);
        assertThat(report.tests())
                .filteredOn(TestCaseResult::failed)
                .as("failed tests")
                .isEmpty();
        assertThat(report.test("echo (both ways)").status()).isEqualTo(Status.SKIPPED);
        TestCaseResult duplicate = report.test("duplicate elimination");
        assertThat(duplicate.detail()).contains("delivered once to the receiving system");
        String id = duplicate.messageIds().get(0);
        assertThat(cims.deliveries()).filteredOn(d -> id.equals(d.messageId())).hasSize(1);
        assertThat(cims.posted()).filteredOn(p -> id.equals(p.messageId())).hasSize(2);
    }

    @Test
    void theSuiteRunsThroughTheAdminApiAndTheCommandLine() throws Exception {
        String cpaId = echo.cpaId(Profile.OSB_BE_S);
        // a relative name: under the node's <base>/chain-test/
        Path reports = client.baseDir()
                .toAbsolutePath()
                .normalize()
                .resolve("chain-test")
                .resolve("reports-api");
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + client.adminPort() + "/api/chain-test"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode()
                                .put("cpaId", cpaId)
                                .put("reportDir", "reports-api")
                                .toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("passed").asBoolean()).as(r.body()).isTrue();
        assertThat(answer.get("reportDir").asText()).isEqualTo(reports.toString());
        JsonNode ping = answer.get("tests").get(0);
        assertThat(ping.get("name").asText()).isEqualTo("ping");
        assertThat(ping.get("passed").asBoolean()).isTrue();
        assertThat(ping.get("messageIds")).hasSize(1);
        assertThat(reports.resolve(ReportFiles.JUNIT)).exists();
        assertThat(Files.readString(reports.resolve(ReportFiles.HTML)))
                .contains(ping.get("messageIds").get(0).asText());

        HttpResponse<String> unknown = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + client.adminPort() + "/api/chain-test"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"cpaId\": \"no-such-cpa\", \"reportDir\": \"reports-unknown\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(unknown.body()).get("passed").asBoolean()).isFalse();
        assertThat(json.readTree(unknown.body())
                        .get("tests")
                        .get(0)
                        .get("detail")
                        .asText())
                .contains("not known to this gateway");

        // the command finds the running node (its admin API answers) and lets it run the suite
        Path config = Files.writeString(dir.resolve("client.yml"), "admin:\n  port: " + client.adminPort() + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Main.run(
                    "chain-test",
                    "--config",
                    config.toString(),
                    "--cpa",
                    cpaId,
                    "--report",
                    dir.resolve("reports-cli").toString());
        } finally {
            System.setOut(previous);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed)
                .contains("POST /api/chain-test")
                .contains("PASSED  ping")
                .contains("chain test PASSED")
                .contains(dir.resolve("reports-cli").resolve(ReportFiles.HTML).toString());
        // the node wrote under its chain-test/ directory; the command copied the reports to where the user said
        assertThat(dir.resolve("reports-cli").resolve(ReportFiles.JUNIT)).exists();
        assertThat(dir.resolve("reports-cli").resolve(ReportFiles.HTML)).exists();
    }

    @Test
    void theCommandLinePassesTheFileSizeTimeoutAndFailFastToTheRunningNode() throws Exception {
        long size = 1024L * 1024 + 7;
        Path config = Files.writeString(dir.resolve("client-gb.yml"), "admin:\n  port: " + client.adminPort() + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Main.run(
                    "chain-test",
                    "--config",
                    config.toString(),
                    "--cpa",
                    echo.cpaId(Profile.OSB_RM),
                    "--report",
                    dir.resolve("reports-cli-gb").toString(),
                    "--counterpart-control",
                    control.url(echo).toString(),
                    "--gb-file-size",
                    String.valueOf(size),
                    "--timeout",
                    "30",
                    "--fail-fast");
        } finally {
            System.setOut(previous);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        // the node ran the suite (POST /api/chain-test) with the file of the size asked for, sent both ways
        assertThat(printed)
                .contains("POST /api/chain-test")
                .contains("PASSED  grote berichten (GB): " + size + " bytes downloaded by the counterpart");
        assertThat(Files.readString(dir.resolve("reports-cli-gb").resolve(ReportFiles.HTML)))
                .contains("a file of " + size + " bytes offered through Grote Berichten");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"reportDir\": \"ABS\"}|'reportDir' must be a relative name under",
                "{\"reportDir\": \"../escaped\"}|'reportDir' must stay under",
                "{\"reportDir\": \"a/../../../escaped\"}|'reportDir' must stay under",
                "{\"counterpartControl\": \"http://192.0.2.1:8080/simulators/x\"}|'counterpartControl' must be",
                "{\"counterpartControl\": \"http://example.org/\"}|'counterpartControl' must be",
                "{\"counterpartControl\": \"file:///etc/passwd\"}|'counterpartControl' must be",
                "{\"gbFileBytes\": 0}|'gbFileBytes' must be between 1 and 4294967296",
                "{\"gbFileBytes\": -1}|'gbFileBytes' must be between 1 and 4294967296",
                "{\"gbFileBytes\": 4294967297}|'gbFileBytes' must be between 1 and 4294967296",
                "{\"gbFileBytes\": \"1GiB\"}|'gbFileBytes' must be a whole number",
                "{\"gbFileBytes\": 1.5}|'gbFileBytes' must be a whole number",
                "{\"timeoutSeconds\": 0}|'timeoutSeconds' must be between 1 and 3600",
                "{\"timeoutSeconds\": 3601}|'timeoutSeconds' must be between 1 and 3600",
                "{\"timeoutSeconds\": \"soon\"}|'timeoutSeconds' must be a whole number",
                "{\"failFast\": \"yes\"}|'failFast' must be true or false"
            })
    void theAdminApiRefusesReportsOutsideItsDirectoryNonLocalControlUrlsAndBadSizesOrTimeouts(
            String fields, String error) throws Exception {
        Path outside = dir.resolve("escaped");
        ObjectNode body = (ObjectNode) json.readTree(fields.replace("ABS", outside.toString()));
        body.put("cpaId", echo.cpaId(Profile.OSB_BE_S));
        int before = echo.posted().size();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + client.adminPort() + "/api/chain-test"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("error").asText())
                .contains(error)
                .doesNotContain("\n");
        assertThat(outside).doesNotExist();
        assertThat(client.baseDir().resolve("escaped")).doesNotExist();
        assertThat(echo.posted()).as("the suite did not run").hasSize(before);
    }

    @ParameterizedTest
    @EnumSource(
            value = Misbehaviour.Kind.class,
            names = {"REFUSE", "SOAP_FAULT", "UNAVAILABLE", "DROP_ACKS", "EBMS_ERROR", "DELAY"})
    void aMisbehavingCounterpartFailsTheSuiteNamingTheTest(Misbehaviour.Kind kind) {
        echo.misbehave(
                kind == Misbehaviour.Kind.DELAY
                        ? Misbehaviour.delay(Duration.ofSeconds(8))
                        : Misbehaviour.always(kind));
        SuiteOptions options = options()
                .withMessageTimeout(Duration.ofSeconds(kind == Misbehaviour.Kind.DELAY ? 2 : 20))
                .withFailFast(true);
        ChainTestReport report =
                new ChainTestSuite(client, echo.cpaId(Profile.OSB_RM_S), options).run(SuiteProgress.NONE);

        assertThat(report.passed()).isFalse();
        assertThat(report.test("ping").status())
                .as("signals pass the misbehaviour")
                .isEqualTo(Status.PASSED);
        TestCaseResult failed = report.tests().stream()
                .filter(TestCaseResult::failed)
                .findFirst()
                .orElseThrow();
        assertThat(failed.name()).isEqualTo("send EchoRequest (one way)");
        String expected = switch (kind) {
            case REFUSE -> "HTTP 403";
            case SOAP_FAULT -> "HTTP 500";
            case UNAVAILABLE -> "HTTP 503";
            case EBMS_ERROR -> "DeliveryFailure";
            case DROP_ACKS -> "no Acknowledgment";
            default -> "not acknowledged within 2 s";
        };
        assertThat(failed.detail() + failed.evidence()).contains(expected);
        assertThat(report.test("refuses tampered signature").detail()).contains("fail fast");
        String sent = failed.messageIds().get(0);
        String handling = Misbehaviour.always(kind).kindName();
        assertThat(echo.posted())
                .filteredOn(p -> sent.equals(p.messageId()))
                .extracting(p -> p.handling())
                .contains(handling);
    }

    @Test
    void theControlEndpointSwitchesBehaviourAndShowsWhatArrived() throws Exception {
        String base = control.url(cims).toString();
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(base + "/misbehaviour"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"kind\": \"refuse\", \"times\": 1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json.readTree(put.body()).get("kind").asText()).isEqualTo("refuse");
        assertThat(cims.misbehaviour().kind()).isEqualTo(Misbehaviour.Kind.REFUSE);

        String cpaId = cims.cpaId(Profile.OSB_RM_S);
        String refused = client.submit(Submission.of(
                        cpaId,
                        SimulatorKind.CIMS.service(Profile.OSB_RM_S),
                        "CoronitTestResult",
                        Submission.Part.of("application/xml", "<not-a-test-result/>".getBytes(StandardCharsets.UTF_8))))
                .messageId();
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        client.report(refused).orElseThrow().message().status().isFinal());
        assertThat(client.report(refused).orElseThrow().message().status()).isEqualTo(MessageStatus.FAILED);
        assertThat(cims.misbehaviour().kind()).as("times 1: behaves again").isEqualTo(Misbehaviour.Kind.NONE);

        String taken = client.submit(Submission.of(
                        cpaId,
                        SimulatorKind.CIMS.service(Profile.OSB_RM_S),
                        "CoronitTestResult",
                        Submission.Part.of("application/xml", "<not-a-test-result/>".getBytes(StandardCharsets.UTF_8))))
                .messageId();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cims.deliveries().stream().anyMatch(d -> taken.equals(d.messageId())));
        assertThat(cims.deliveries())
                .filteredOn(d -> taken.equals(d.messageId()))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.flow()).isEqualTo(TestResultFlow.NAME);
                    assertThat(d.accepted()).as("fails the CoronIT schema").isFalse();
                    assertThat(d.reason()).contains("schema");
                });

        JsonNode received = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(base + "/received")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(received.get("posted").findValuesAsText("handling")).contains("refuse", "handled");
        assertThat(received.get("posted").findValuesAsText("messageId")).contains(refused, taken);
        assertThat(received.get("messages").findValuesAsText("messageId"))
                .contains(taken)
                .doesNotContain(refused);
        assertThat(received.get("deliveries").findValuesAsText("messageId")).contains(taken);

        HttpResponse<String> bad = http.send(
                HttpRequest.newBuilder(URI.create(base + "/misbehaviour"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"kind\": \"explode\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown misbehaviour 'explode'");
    }

    @Test
    void theProgressIsABarOnATerminalAndPlainLinesOtherwise() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        TestCaseResult ok =
                new TestCaseResult("ping", "checks", Status.PASSED, "Pong", List.of("id-1"), List.of(), Duration.ZERO);
        for (TerminalProgress p : List.of(
                new TerminalProgress(new PrintStream(plain, true, StandardCharsets.UTF_8), false),
                new TerminalProgress(new PrintStream(bar, true, StandardCharsets.UTF_8), true))) {
            p.started(1, 2, "ping");
            p.finished(1, 2, ok);
        }
        assertThat(plain.toString(StandardCharsets.UTF_8))
                .isEqualTo("[1/2] PASSED  ping: Pong" + System.lineSeparator())
                .doesNotContain("\r");
        assertThat(bar.toString(StandardCharsets.UTF_8))
                .contains("\r")
                .contains("[" + ".".repeat(30) + "] 0/2 ping")
                .contains("[###############...............] 1/2");
    }

    private static List<String> properties(Document junit) {
        NodeList props = junit.getElementsByTagName("property");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            out.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
        }
        return out;
    }
}
