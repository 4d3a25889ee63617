package nl.dkgw.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.chain.report.ReportIndex;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code dkgw demo} end to end, through the command line as a user runs it (the command comes in by SPI): first a
 * plain run, then {@code --keep} on the same {@code --dir} in a JVM of its own, looked at in a real browser with the
 * login it prints, and stopped as Ctrl-C stops it (SIGTERM runs the same shutdown hooks as SIGINT).
 */
@Slow
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoTest {

    private static final Pattern FLOW_MESSAGE = Pattern.compile("ok +coronit-testresult +(\\S+) -> cims");

    @TempDir
    static Path dir;

    /** The CoronIT message the first run delivered to CIMS, looked for again in the kept run's console. */
    static String firstRunMessage;

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
        Matcher m = FLOW_MESSAGE.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        firstRunMessage = m.group(1);
    }

    @Test
    @Order(2)
    void aKeptDemoRunsAgainOnTheSameDataAndShowsItInTheConsoleUntilStopped() throws Exception {
        assumeTrue(firstRunMessage != null, "needs the first run's data");
        Optional<String> unavailable = Chromium.ensureInstalled();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        String console;
        try (ChildJvm demo = ChildJvm.builder(Main.class)
                .args("demo", "--keep", "--dir", dir.toString(), "--large-payload-mib", "1")
                .logFile(dir.resolve("kept-demo.log"))
                .start()) {
            demo.awaitOutput("Press Ctrl-C to stop every node.", Duration.ofMinutes(8));
            String printed = demo.output();
            assertThat(printed).contains("demo passed");
            console = value(printed, "console (GGD gateway)");
            String[] login = value(printed, "user / password").split(" / ");
            String password = login[1].split(" ")[0];
            assertThat(login[0]).isEqualTo("demo");
            assertThat(value(printed, "chain-test reports"))
                    .isEqualTo(dir.resolve("reports").resolve(ReportIndex.FILE).toString());
            assertThat(printed).contains("console (cims)", "console (mijnoverheid)", "console (compliance)");

            ChromeDriver browser = Chromium.start(dir.resolve("chromium-profile"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(console);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")))
                        .sendKeys(login[0]);
                browser.findElement(By.id("login-password")).sendKeys(password);
                browser.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who-name")));
                // a message of the first run: the kept demo started on the data the first one left
                browser.get(console + "#/message/" + URLEncoder.encode(firstRunMessage, StandardCharsets.UTF_8));
                WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message-status")));
                wait.until(ExpectedConditions.textToBe(By.id("message-status"), "ACKNOWLEDGED"));
                assertThat(status.getText()).isEqualTo("ACKNOWLEDGED");
                assertThat(browser.findElement(By.id("message-body")).getText())
                        .contains(firstRunMessage, "CoronitTestResult");
            } finally {
                browser.quit();
            }

            demo.stop(Duration.ofSeconds(60));
            assertThat(demo.output()).contains("dkgw demo: stopped");
        }
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.send(
                        HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.discarding()))
                .as("the console is gone with the demo")
                .isInstanceOf(ConnectException.class);
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
