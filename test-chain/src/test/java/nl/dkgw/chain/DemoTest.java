package nl.dkgw.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.chain.report.ReportIndex;
import nl.dkgw.chain.simulator.SimulatorKind;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.testkit.ChildJvm;
import nl.dkgw.testkit.Chromium;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code dkgw demo} end to end, through the command line as a user runs it (the command comes in by SPI): first a
 * plain run; then {@code --keep} on the same {@code --dir} in a JVM of its own, its closing block read, its console
 * looked at over the admin API and in a real browser with the login it prints, and stopped with SIGTERM; then
 * {@code --keep} once more on that directory, stopped with SIGINT as Ctrl-C stops it. After each stop every port the
 * demo printed is closed and nothing it started is left running.
 */
@Slow
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoTest {

    private static final Pattern FLOW_MESSAGE = Pattern.compile("ok +coronit-testresult +(\\S+) -> cims");

    @TempDir
    static Path dir;

    private static final Pattern FLOW_LINE = Pattern.compile("ok +(\\S+) +(\\S+) -> (\\S+): schema-valid, delivered");

    /** Every port in a printed URL: the consoles and the ebMS endpoints of the GGD gateway and the simulators. */
    private static final Pattern PRINTED_PORT = Pattern.compile("https?://(?:127\\.0\\.0\\.1|localhost):(\\d+)/");

    private static final String RIGHTS = "(admin, may read payloads; valid until this demo stops)";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The CoronIT message the first run delivered to CIMS, looked for again in the kept runs' consoles. */
    static String firstRunMessage;

    /** The first kept run's password and the messages its flows sent, looked for in the second kept run. */
    static String firstKeptPassword;

    static List<String> firstKeptFlowMessages;

    @Test
    @Order(1)
    void theFullChainDemoPassesAndLeavesAReportPerCounterpart() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            // --verbose: without it the demo turns the nl.dkgw log level down for the whole (shared) test JVM
            exit = Main.run("demo", "--dir", dir.toString(), "--large-payload-mib", "1", "--verbose");
        } finally {
            System.setOut(previous);
        }
        // the demo's own lines, without the nodes' log lines (HH:mm:ss.SSS LEVEL ...) that share the captured stdout
        String printed = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*"))
                .collect(Collectors.joining("\n"));
        assertThat(exit).as(printed).isZero();
        assertThat(printed)
                .contains("demo passed")
                .contains("coronit-testresult")
                .contains("cims-vaccination")
                .contains("lopende-zaken")
                .contains("schema-valid, delivered")
                .doesNotContain("FAIL");
        assertThat(printed.lines().filter(l -> l.contains("every layer passed")).count())
                .as("a diagnosis per link: CIMS, MijnOverheid, six compliance and six foreign-peer profiles")
                .isEqualTo(14);
        assertThat(printed)
                .contains("simulator foreign")
                .contains("habits leaf-only-key-info,")
                .contains("chain test: foreign osb-rm-e");
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir.resolve("reports"))) {
            reports = s.filter(Files::isDirectory).toList();
        }
        assertThat(reports).hasSize(14);
        assertThat(reports).extracting(r -> r.getFileName().toString()).contains("foreign-osb-be", "foreign-osb-rm-e");
        String index = Files.readString(dir.resolve("reports").resolve(ReportIndex.FILE));
        for (Path r : reports) {
            assertThat(r.resolve(ReportFiles.JUNIT)).exists();
            assertThat(Files.readString(r.resolve(ReportFiles.JUNIT))).contains("failures=\"0\"");
            assertThat(printed).contains(r.resolve(ReportFiles.HTML).toString());
            assertThat(index).contains("href=\"" + r.getFileName() + "/" + ReportFiles.HTML + "\"");
        }
        assertThat(dir.resolve("client/gateway.yml")).exists();
        // the JVM still runs: only the demo's closing stops the nodes, the same closing Ctrl-C runs on a kept demo
        assertNothingListensOn(printedPorts(printed, "the ebMS endpoints of the GGD gateway and four simulators", 5));
        Matcher m = FLOW_MESSAGE.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        firstRunMessage = m.group(1);
    }

    @Test
    @Order(2)
    void aKeptDemoRunsAgainOnTheSameDataAndShowsItInTheConsoleUntilStopped() throws Exception {
        assumeTrue(firstRunMessage != null, "needs the first run's data");
        Optional<String> noBrowser = Chromium.ensureInstalled();
        Set<Integer> ports;
        try (ChildJvm demo = ChildJvm.builder(Main.class)
                .args("demo", "--keep", "--dir", dir.toString(), "--large-payload-mib", "1")
                .logFile(dir.resolve("kept-demo.log"))
                .start()) {
            demo.awaitOutput("Press Ctrl-C to stop every node.", Duration.ofMinutes(8));
            String printed = demo.output();
            assertThat(printed).contains("demo passed");
            KeptBlock block = KeptBlock.of(printed);
            assertThat(block.consoles().keySet())
                    .as("the GGD gateway's console and each simulator's")
                    .containsExactly(consoleNames());
            assertThat(block.user()).isEqualTo("demo");
            assertThat(block.password()).matches("[A-Za-z0-9_-]{20}");
            assertThat(block.rights()).isEqualTo(RIGHTS);
            assertThat(block.reportIndex()).isEqualTo(dir.resolve("reports").resolve(ReportIndex.FILE));
            assertEveryLinkOfTheIndexResolves(block.reportIndex());
            assertThat(block.again()).isEqualTo("./dkgw demo --keep --dir " + dir);
            assertThat(passwordFilesUnder(dir, block.password()))
                    .as("the password lives only in the running nodes: no file of the demo holds it")
                    .containsOnly(dir.resolve("kept-demo.log"));
            ports = printedPorts(printed);

            for (Map.Entry<String, URI> console : block.consoles().entrySet()) {
                assertThat(status(get(console.getValue(), "/api/me", null)))
                        .as("%s without a login", console.getKey())
                        .isEqualTo(401);
                JsonNode me = json(get(console.getValue(), "/api/me", block));
                assertThat(me.path("role").asText()).as(console.getKey()).isEqualTo("admin");
                assertThat(me.path("payloads").asBoolean()).as(console.getKey()).isTrue();
            }
            URI ggd = block.consoles().get("GGD gateway");
            assertTheConsoleShowsTheDemosTraffic(ggd, block, printed);
            firstKeptPassword = block.password();
            firstKeptFlowMessages = flowMessages(printed).keySet().stream().toList();

            if (noBrowser.isEmpty()) {
                lookAroundInTheBrowser(ggd, block);
            }

            List<ProcessHandle> started =
                    ProcessHandle.of(demo.pid()).orElseThrow().descendants().toList();
            demo.stop(Duration.ofSeconds(60));
            assertThat(demo.output()).contains("dkgw demo: stopping every node...", "dkgw demo: stopped");
            assertThat(started).as("processes the demo started").noneMatch(ProcessHandle::isAlive);
        }
        assertNothingListensOn(ports);
        assumeTrue(noBrowser.isEmpty(), () -> "the console was not looked at in a browser: " + noBrowser.orElse(""));
    }

    /** Logs in to the kept demo's GGD console, opens a first-run message's page and diagnoses a link. */
    private static void lookAroundInTheBrowser(URI ggd, KeptBlock block) throws Exception {
        ChromeDriver browser = Chromium.start(dir.resolve("chromium-profile"));
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(ggd.toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")))
                    .sendKeys(block.user());
            browser.findElement(By.id("login-password")).sendKeys(block.password());
            browser.findElement(By.id("login-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who-name")));
            // a message of the first run: the kept demo started on the data the first one left
            browser.get(ggd + "#/message/" + URLEncoder.encode(firstRunMessage, StandardCharsets.UTF_8));
            WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message-status")));
            wait.until(ExpectedConditions.textToBe(By.id("message-status"), "ACKNOWLEDGED"));
            assertThat(status.getText()).isEqualTo("ACKNOWLEDGED");
            assertThat(browser.findElement(By.id("message-body")).getText())
                    .contains(firstRunMessage, "CoronitTestResult");

            // the Links page offers every link of the demo, and diagnoses one
            List<String> cpaIds = cpaIds(ggd, block);
            browser.findElement(By.linkText("Links")).click();
            wait.until(d -> d.findElements(By.cssSelector("#link-cpa option")).size() == cpaIds.size());
            assertThat(browser.findElements(By.cssSelector("#link-cpa option")))
                    .extracting(o -> o.getAttribute("value"))
                    .containsExactlyInAnyOrderElementsOf(cpaIds);
            new Select(browser.findElement(By.id("link-cpa"))).selectByValue(cpaIds.get(0));
            browser.findElement(By.id("run-diagnosis")).click();
            WebElement report = new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("diagnosis")));
            assertThat(report.getText()).contains("The link works.");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(3)
    void aSecondKeptDemoOnTheSameDirShowsEveryEarlierRunTakesOnlyItsOwnPasswordAndStopsOnCtrlC() throws Exception {
        assumeTrue(firstKeptPassword != null, "needs the first kept run");
        Set<Integer> ports;
        try (ChildJvm demo = ChildJvm.builder(Main.class)
                .args("demo", "--keep", "--dir", dir.toString(), "--large-payload-mib", "1")
                .logFile(dir.resolve("kept-demo-again.log"))
                .sigintAtDefault()
                .start()) {
            demo.awaitOutput("Press Ctrl-C to stop every node.", Duration.ofMinutes(8));
            String printed = demo.output();
            assertThat(printed).contains("demo passed");
            KeptBlock block = KeptBlock.of(printed);
            assertThat(block.password()).as("a password per demo").isNotEqualTo(firstKeptPassword);
            KeptBlock earlier = new KeptBlock(block.consoles(), block.user(), firstKeptPassword, null, null, null);
            for (Map.Entry<String, URI> console : block.consoles().entrySet()) {
                assertThat(status(get(console.getValue(), "/api/me", earlier)))
                        .as("%s with the earlier demo's password", console.getKey())
                        .isEqualTo(401);
                assertThat(status(get(console.getValue(), "/api/me", block)))
                        .as("%s with this demo's password", console.getKey())
                        .isEqualTo(200);
            }
            URI ggd = block.consoles().get("GGD gateway");
            List<String> earlierRuns = new ArrayList<>(firstKeptFlowMessages);
            earlierRuns.add(firstRunMessage);
            for (String id : earlierRuns) {
                assertThat(json(get(ggd, "/api/messages/" + encoded(id), block))
                                .path("message")
                                .path("status")
                                .asText())
                        .as("%s of an earlier run, in the console of the next", id)
                        .isEqualTo("ACKNOWLEDGED");
            }
            assertTheConsoleShowsTheDemosTraffic(ggd, block, printed);
            ports = printedPorts(printed);

            List<ProcessHandle> started =
                    ProcessHandle.of(demo.pid()).orElseThrow().descendants().toList();
            demo.interrupt(Duration.ofSeconds(60));
            assertThat(demo.waitFor(Duration.ofSeconds(1)))
                    .as("ended by SIGINT")
                    .isEqualTo(128 + 2);
            assertThat(demo.output())
                    .contains("dkgw demo: stopping every node...", "dkgw demo: stopped; the data stays in " + dir);
            assertThat(started).as("processes the demo started").noneMatch(ProcessHandle::isAlive);
        }
        assertNothingListensOn(ports);
    }

    /**
     * The GGD console (its admin API) shows this run's three flow messages acknowledged with a signed receipt, a
     * chain-test message on every CPA, and a working diagnosis of every link, as the Links page runs it.
     */
    private static void assertTheConsoleShowsTheDemosTraffic(URI ggd, KeptBlock login, String printed)
            throws Exception {
        Map<String, String> flows = flowMessages(printed);
        assertThat(flows.values())
                .as("the three flows' messages")
                .containsExactlyInAnyOrder("coronit-testresult", "cims-vaccination", "lopende-zaken");
        Map<String, String> actions = Map.of(
                "coronit-testresult", "CoronitTestResult",
                "cims-vaccination", "VaccinationEvent",
                "lopende-zaken", "ZaakStatusNotice");
        for (Map.Entry<String, String> flow : flows.entrySet()) {
            JsonNode m = json(get(ggd, "/api/messages/" + encoded(flow.getKey()), login));
            assertThat(m.path("message").path("action").asText())
                    .as(flow.getKey())
                    .isEqualTo(actions.get(flow.getValue()));
            assertThat(m.path("message").path("status").asText())
                    .as(flow.getKey())
                    .isEqualTo("ACKNOWLEDGED");
            assertThat(m.path("hasReceipt").asBoolean()).as(flow.getKey()).isTrue();
            assertThat(status(get(ggd, "/api/messages/" + encoded(flow.getKey()) + "/payloads/0", login)))
                    .as("the payload of %s, for a user with the payloads permission", flow.getKey())
                    .isEqualTo(200);
        }
        List<String> cpaIds = cpaIds(ggd, login);
        assertThat(cpaIds).as("a link per simulator and profile").hasSize(14);
        Set<String> cpasWithEcho = new TreeSet<>();
        for (JsonNode m : json(get(ggd, "/api/messages?limit=1000", login)).path("messages")) {
            if (m.path("action").asText().equals("EchoRequest")) {
                cpasWithEcho.add(m.path("cpaId").asText());
            }
        }
        assertThat(cpasWithEcho)
                .as("the chain tests' messages: an EchoRequest on every compliance and foreign-peer link")
                .hasSize(12)
                .allMatch(c -> c.contains("compliance") || c.contains("foreign"));
        for (String cpaId : cpaIds) {
            JsonNode report =
                    json(post(ggd, "/api/diagnose", JSON.createObjectNode().put("cpaId", cpaId), login));
            assertThat(report.path("linkWorks").asBoolean())
                    .as("diagnosis of %s: %s", cpaId, report)
                    .isTrue();
        }
    }

    /** The flow messages a run printed ("ok FLOW ID -> SIMULATOR: ..."), id to flow. */
    private static Map<String, String> flowMessages(String printed) {
        Map<String, String> messages = new LinkedHashMap<>();
        Matcher m = FLOW_LINE.matcher(printed);
        while (m.find()) {
            messages.put(m.group(2), m.group(1));
        }
        return messages;
    }

    private static String[] consoleNames() {
        List<String> names = new ArrayList<>();
        names.add("GGD gateway");
        for (SimulatorKind k : SimulatorKind.values()) {
            names.add(k.id());
        }
        return names.toArray(String[]::new);
    }

    private static void assertEveryLinkOfTheIndexResolves(Path index) throws IOException {
        Matcher href = Pattern.compile("href=\"([^\"]+)\"").matcher(Files.readString(index));
        List<Path> linked = new ArrayList<>();
        while (href.find()) {
            linked.add(index.getParent().resolve(href.group(1)));
        }
        assertThat(linked).as("a report per simulator and profile").hasSize(14);
        assertThat(linked).allMatch(Files::isRegularFile, "an existing file");
    }

    /** The files under {@code root} holding {@code secret}. */
    private static List<Path> passwordFilesUnder(Path root, String secret) throws IOException {
        byte[] wanted = secret.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        try {
                            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                                    .contains(new String(wanted, StandardCharsets.ISO_8859_1));
                        } catch (IOException e) {
                            return false; // gone meanwhile (a node's temporary file)
                        }
                    })
                    .toList();
        }
    }

    private static Set<Integer> printedPorts(String printed) {
        return printedPorts(printed, "the consoles and ebMS endpoints of the GGD gateway and four simulators", 10);
    }

    private static Set<Integer> printedPorts(String printed, String what, int expected) {
        Set<Integer> ports = new TreeSet<>();
        Matcher m = PRINTED_PORT.matcher(printed);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        assertThat(ports).as(what).hasSize(expected);
        return ports;
    }

    /** Every port is closed: the demo's process has ended, so nothing of it listens any more. */
    private static void assertNothingListensOn(Set<Integer> ports) {
        for (int port : ports) {
            assertThatExceptionOfType(ConnectException.class)
                    .as("port %d after the demo stopped", port)
                    .isThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                        }
                    });
        }
    }

    private static List<String> cpaIds(URI console, KeptBlock login) throws Exception {
        List<String> ids = new ArrayList<>();
        json(get(console, "/api/cpas", login))
                .forEach(c -> ids.add(c.path("cpaId").asText()));
        return ids;
    }

    private static HttpResponse<String> get(URI console, String path, KeptBlock login) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(console.resolve(path)).timeout(Duration.ofSeconds(60));
        return send(login == null ? r : r.header("Authorization", login.basic()));
    }

    private static HttpResponse<String> post(URI console, String path, JsonNode body, KeptBlock login)
            throws Exception {
        return send(HttpRequest.newBuilder(console.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", login.basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode())
                .as(response.uri() + ": " + response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String encoded(String messageId) {
        return URLEncoder.encode(messageId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The closing block of a kept demo: the consoles by name, the login, the reports' index, the line to run again. */
    record KeptBlock(
            Map<String, URI> consoles, String user, String password, String rights, Path reportIndex, String again) {

        private static final Pattern CONSOLE = Pattern.compile("console \\(([^)]+)\\) +(\\S+)");

        static KeptBlock of(String printed) {
            String block = printed.substring(printed.indexOf("The chain keeps running. Look around:"));
            Map<String, URI> consoles = new LinkedHashMap<>();
            Matcher m = CONSOLE.matcher(block);
            while (m.find()) {
                consoles.put(m.group(1), URI.create(m.group(2)));
            }
            String[] login = value(block, "user / password").split(" / ", 2);
            String password = login[1].substring(0, login[1].indexOf(' '));
            return new KeptBlock(
                    consoles,
                    login[0],
                    password,
                    login[1].substring(password.length()).trim(),
                    Path.of(value(block, "chain-test reports")),
                    value(block, "again on the same data"));
        }

        String basic() {
            return "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The value printed after a label of the kept demo's closing block. */
    private static String value(String printed, String label) {
        return printed.lines()
                .filter(l -> l.trim().startsWith(label))
                .findFirst()
                .map(l -> l.trim().substring(label.length()).trim())
                .orElseThrow(() -> new AssertionError("no '" + label + "' line in:\n" + printed));
    }
}
