package nl.dkgw.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.StoredReport;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.http.AdminPath;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Chromium;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sender refuses every Acknowledgment of the receiver (its copy of the CPA names another certificate as the
 * receiver's signing certificate, so the signatures fail with SecurityFailure): the message's report shows those
 * refusals, in the admin API, in {@code dkgw status} and on the console's message page, instead of only "no
 * Acknowledgment after N attempt(s)".
 */
@Slow
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedSignalsReportTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private LocalChain chain;
    private Gateway sender;
    private String messageId;

    @BeforeAll
    void sendAMessageWhoseAcknowledgmentsAreRefused() throws Exception {
        chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM_S), SyncReplyMode.NONE);
        TestPki pki = chain.pki();
        String provider = LocalChain.PROVIDER.name();
        String signing = base64(pki, provider, TestPki.Usage.SIGNING);
        String cpa = chain.cpas().get(0);
        assertThat(cpa).contains(signing);
        sender = chain.consumer();
        sender.importCpa(cpa.replace(signing, base64(pki, provider, TestPki.Usage.ENCRYPTION)));

        messageId = sender.submit(Submission.of(
                        chain.cpaId(Profile.OSB_RM_S),
                        LocalChain.serviceName(Profile.OSB_RM_S),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))))
                .messageId();
        await().atMost(WAIT)
                .until(() -> sender.report(messageId).orElseThrow().message().status() == MessageStatus.FAILED);
    }

    @AfterAll
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void theReportLinksTheRefusedAcknowledgmentsToTheMessage() {
        StoredReport report = sender.report(messageId).orElseThrow();
        assertThat(report.refusedSignals()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.action()).isEqualTo("Acknowledgment");
            assertThat(r.errorCode()).isEqualTo("SecurityFailure");
            assertThat(r.signalMessageId()).isNotBlank();
            assertThat(r.at()).isNotNull();
            assertThat(r.description()).isNotBlank();
        });
        // the final status detail says it too, where an operator reads first
        assertThat(report.message().statusDetail())
                .startsWith("no Acknowledgment after")
                .contains("refused")
                .contains("SecurityFailure");
    }

    @Test
    void theAdminApiShowsTheRefusals() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sender.adminPort() + "/api/messages/"
                                        + AdminPath.segment(messageId)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode refused = new ObjectMapper().readTree(r.body()).get("refusedSignals");
        assertThat(refused).isNotEmpty();
        RefusedSignal first =
                sender.report(messageId).orElseThrow().refusedSignals().get(0);
        assertThat(refused.get(0).get("signalMessageId").asText()).isEqualTo(first.signalMessageId());
        assertThat(refused.get(0).get("action").asText()).isEqualTo("Acknowledgment");
        assertThat(refused.get(0).get("errorCode").asText()).isEqualTo("SecurityFailure");
        assertThat(refused.get(0).get("description").asText()).isEqualTo(first.description());
        assertThat(refused.get(0).get("at").asText()).isEqualTo(first.at().toString());
    }

    @Test
    void dkgwStatusPrintsTheRefusals() throws Exception {
        Path config = dir.resolve("gateway.yml");
        Files.writeString(config, "admin:\n  port: " + sender.adminPort() + "\n");
        String first =
                sender.report(messageId).orElseThrow().refusedSignals().get(0).signalMessageId();
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        synchronized (RefusedSignalsReportTest.class) {
            try {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                exit = Main.run("status", "--config", config.toString(), messageId);
            } finally {
                System.setOut(out);
            }
        }
        assertThat(exit).isZero();
        // the nodes run in this JVM and may log to the captured stdout too: look for the command's own lines
        assertThat(captured.toString(StandardCharsets.UTF_8).lines())
                .anyMatch(l -> l.startsWith("  refused Acknowledgment " + first + " at ")
                        && l.contains(": SecurityFailure: "));
    }

    @Test
    void theConsoleMessagePageShowsTheRefusals() throws Exception {
        Optional<String> unavailable = Chromium.ensureInstalled();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        ChromeDriver browser = Chromium.start(dir.resolve("chromium-profile"));
        try {
            // admin.auth none on the chain's nodes: the console opens without logging in
            browser.get("http://127.0.0.1:" + sender.adminPort() + "/console/#/message/"
                    + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
            new WebDriverWait(browser, WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("refused-signals")));
            String shown = browser.findElement(By.id("refused-signals")).getText();
            assertThat(shown)
                    .contains("Acknowledgment")
                    .contains("SecurityFailure")
                    .contains(sender.report(messageId)
                            .orElseThrow()
                            .refusedSignals()
                            .get(0)
                            .signalMessageId());
            assertThat(browser.findElement(By.id("refused-signals-title")).getText())
                    .contains("refused");
        } finally {
            browser.quit();
        }
    }

    private static String base64(TestPki pki, String party, TestPki.Usage usage) throws Exception {
        return Base64.getEncoder().encodeToString(pki.certificate(party, usage).getEncoded());
    }
}
