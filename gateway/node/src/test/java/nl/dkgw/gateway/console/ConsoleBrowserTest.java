package nl.dkgw.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.admin.PasswordHash;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Chromium;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real browser (Debian chromium through chromedriver) against a real pair of nodes
 * ({@link LocalChain}) whose sending node has users configured: log in, find a message and read its history,
 * resend a failed message until it is delivered, upload an invalid CPA and read its problems (as admin), and what a
 * viewer cannot do. A failing test leaves a screenshot in {@code target/console-screenshots/}.
 */
@Slow
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final String OPERATOR = "olga";
    private static final String OPERATOR_PASSWORD = "olga-operates-the-gateway";
    private static final String ADMIN = "ada";
    private static final String ADMIN_PASSWORD = "ada-administers-the-cpas";
    private static final String VIEWER = "victor";
    private static final String VIEWER_PASSWORD = "victor-only-looks";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private LocalChain chain;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private String console;
    private String acknowledged;
    private String failedToResend;
    private String failedForViewer;

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            screenshot(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    void startNodesAndBrowser() throws Exception {
        Optional<String> unavailable = Chromium.ensureInstalled();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));

        chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM, Profile.OSB_BE),
                SyncReplyMode.NONE);
        String consumer = LocalChain.CONSUMER.name();
        List<GatewayConfig.User> users = List.of(
                new GatewayConfig.User(OPERATOR, PasswordHash.hash(OPERATOR_PASSWORD.toCharArray()), "operator", true),
                new GatewayConfig.User(ADMIN, PasswordHash.hash(ADMIN_PASSWORD.toCharArray()), "admin", false),
                new GatewayConfig.User(VIEWER, PasswordHash.hash(VIEWER_PASSWORD.toCharArray()), "viewer", false));
        Gateway sender = chain.restart(consumer, c -> c.withAdmin(c.admin().withUsers(users)));

        // one message delivered and acknowledged, two that fail because the receiving node is down (osb-be: no retries)
        acknowledged = submit(sender, Profile.OSB_RM, "conv-browser-ack");
        await().atMost(WAIT).until(() -> status(sender, acknowledged) == MessageStatus.ACKNOWLEDGED);
        chain.stop(LocalChain.PROVIDER.name());
        failedToResend = submit(sender, Profile.OSB_BE, "conv-browser-resend");
        failedForViewer = submit(sender, Profile.OSB_BE, "conv-browser-viewer");
        await().atMost(WAIT)
                .until(() -> status(sender, failedToResend) == MessageStatus.FAILED
                        && status(sender, failedForViewer) == MessageStatus.FAILED);
        chain.restart(LocalChain.PROVIDER.name());

        console = "http://127.0.0.1:" + sender.adminPort() + "/console/";
        browser = Chromium.start(dir.resolve("chromium-profile"));
        wait = new WebDriverWait(browser, WAIT);
    }

    /** {@code -Ddkgw.console.screenshots=true} keeps a screenshot of every test's last page, to look at the pages. */
    @AfterEach
    void screenshotWhenAsked(TestInfo test) {
        if (Boolean.getBoolean("dkgw.console.screenshots")) {
            screenshot(test.getTestMethod().orElseThrow().getName());
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private String submit(Gateway node, Profile profile, String conversationId) throws Exception {
        StoredMessage m = node.submit(new Submission(
                chain.cpaId(profile),
                LocalChain.serviceName(profile),
                LocalChain.TO_PROVIDER,
                List.of(new Submission.Part(
                        "application/xml", "<test>console</test>".getBytes(StandardCharsets.UTF_8), null)),
                conversationId,
                null,
                null));
        return m.messageId();
    }

    private static MessageStatus status(Gateway node, String messageId) {
        return node.report(messageId).orElseThrow().message().status();
    }

    // ---------------------------------------------------------------- the scenarios

    @Test
    void onTheAdminPortOnlyTheLogInPageAndTheAssetsAreOpen() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = console.substring(0, console.length() - "/console/".length());
        HttpResponse<String> root =
                http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login.html");
        for (String open : List.of("login.html", "assets/login.js", "assets/console.js", "assets/console.css")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(console + open)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(open).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(open)
                    .isPresent();
        }
    }

    @Test
    void withoutASessionTheConsoleSendsTheBrowserToTheLogInPageAndBackAfterwards() {
        browser.get(console);
        browser.manage().deleteAllCookies();
        browser.get(console + "#/cpas");
        wait.until(ExpectedConditions.urlContains("/console/login.html"));
        login(OPERATOR, OPERATOR_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-cpas")));
        assertThat(browser.getCurrentUrl()).endsWith("/console/#/cpas");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cpas-body table")));
        assertThat(browser.findElement(By.id("cpas-body")).getText()).contains(chain.cpaId(Profile.OSB_RM));

        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/console/login.html"));
        browser.get(console + "#/overview");
        wait.until(ExpectedConditions.urlContains("/console/login.html"));
    }

    @Test
    void aWrongPasswordShowsAnErrorAndNoConsole() {
        open();
        login(OPERATOR, "not-the-password");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).startsWith("Log-in failed");
        assertThat(browser.getCurrentUrl()).contains("/console/login.html");
        assertThat(browser.findElements(By.id("nav"))).isEmpty();
    }

    @Test
    void anOperatorFindsAMessageBySearchAndReadsItsHistory() {
        loginAs(OPERATOR, OPERATOR_PASSWORD);
        assertThat(browser.findElement(By.id("who-name")).getText()).isEqualTo(OPERATOR);
        assertThat(browser.findElement(By.id("who-role")).getText()).contains("operator");

        browser.findElement(By.linkText("Messages")).click();
        WebElement conversation = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("q-conversationId")));
        conversation.sendKeys("conv-browser-ack");
        new Select(browser.findElement(By.id("q-status"))).selectByVisibleText("ACKNOWLEDGED");
        browser.findElement(By.id("search-submit")).click();
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(resultLink(acknowledged)));
        assertThat(browser.findElements(By.cssSelector("#messages-body tbody tr")))
                .hasSize(1);
        link.click();

        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message-status")));
        assertThat(status.getText()).isEqualTo("ACKNOWLEDGED");
        String body = browser.findElement(By.id("message-body")).getText();
        assertThat(body).contains(acknowledged, "conv-browser-ack", LocalChain.TO_PROVIDER);
        List<WebElement> attempts = browser.findElements(By.cssSelector("#message-body table"))
                .get(0)
                .findElements(By.cssSelector("tbody tr"));
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).getText()).contains("204 ACCEPTED"); // the peer's HTTP answer to the post
        assertThat(browser.findElement(By.id("receipt-link")).getAttribute("href"))
                .contains("/api/messages/")
                .endsWith("/receipt");
        List<WebElement> downloads = browser.findElements(By.linkText("download"));
        assertThat(downloads).hasSize(1);
        // the link works with the browser's session: the payload as submitted
        assertThat(fetchInPage(downloads.get(0).getAttribute("href"))).isEqualTo("200 <test>console</test>");
        assertThat(browser.findElements(By.id("resend"))).isEmpty();
    }

    @Test
    void anOperatorResendsAFailedMessageAndSeesItDelivered() {
        loginAs(OPERATOR, OPERATOR_PASSWORD);
        browser.get(console + "#/messages?status=FAILED");
        wait.until(ExpectedConditions.elementToBeClickable(resultLink(failedToResend)))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("message-status"), "FAILED"));
        assertThat(browser.findElement(By.id("message-body")).getText()).contains("conv-browser-resend");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("resend"))).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("message-status"), "DELIVERED"));
        assertThat(browser.findElement(By.id("notice")).getText())
                .contains("Resend of " + failedToResend + " accepted");
        assertThat(browser.findElements(By.id("resend"))).isEmpty();
        List<WebElement> attempts = browser.findElements(By.cssSelector("#message-body table"))
                .get(0)
                .findElements(By.cssSelector("tbody tr"));
        // the failed attempt while the peer was down, and the resent one it accepted
        assertThat(attempts).hasSize(2);
        assertThat(attempts).anySatisfy(a -> assertThat(a.getText()).contains("RETRYABLE", "cannot connect"));
        assertThat(attempts).anySatisfy(a -> assertThat(a.getText()).contains("204 ACCEPTED"));
    }

    @Test
    void theOverviewShowsFailuresFirstAndTheTrafficPerLink() {
        loginAs(VIEWER, VIEWER_PASSWORD);
        WebElement body =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#overview-body svg.chart")));
        String text = browser.findElement(By.id("overview-body")).getText();
        assertThat(text.indexOf("Latest failed messages")).isLessThan(text.indexOf("Traffic per link"));
        assertThat(browser.findElement(By.id("overview-body")).findElements(By.linkText(failedForViewer)))
                .hasSize(1);
        assertThat(text).contains(chain.cpaId(Profile.OSB_BE), chain.cpaId(Profile.OSB_RM), "ACKNOWLEDGED", "FAILED");
        assertThat(body.findElements(By.cssSelector("rect.bar-failed"))).isNotEmpty();
    }

    @Test
    void theCpaListShowsValidityAndCertificateExpiry() {
        loginAs(VIEWER, VIEWER_PASSWORD);
        browser.findElement(By.linkText("CPAs")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[@id='cpas-body']//tr[td[1][text()='" + chain.cpaId(Profile.OSB_RM) + "']]")));
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).isEqualTo("agreed");
        assertThat(cells.get(4).getText()).matches("\\d+");
        assertThat(cells.get(5).getText())
                .contains(LocalChain.PROVIDER.oin())
                .contains("until")
                .contains("days");
        row.findElement(By.className("view-cpa")).click();
        WebElement xml = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cpa-xml")));
        assertThat(xml.getText()).contains("CollaborationProtocolAgreement").contains(chain.cpaId(Profile.OSB_RM));
    }

    @Test
    void anOperatorRunsTheLinkDiagnosisAndReadsEveryLayer() {
        loginAs(OPERATOR, OPERATOR_PASSWORD);
        browser.findElement(By.linkText("Links")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#link-cpa option[value='" + chain.cpaId(Profile.OSB_RM) + "']")));
        new Select(browser.findElement(By.id("link-cpa"))).selectByValue(chain.cpaId(Profile.OSB_RM));
        browser.findElement(By.id("run-diagnosis")).click();
        WebElement report = new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("diagnosis")));
        assertThat(report.getText()).contains("The link works.");
        List<WebElement> layers = report.findElements(By.cssSelector("tbody tr"));
        assertThat(layers).hasSizeGreaterThanOrEqualTo(9);
        assertThat(layers).allSatisfy(l -> assertThat(l.getText()).containsPattern("PASS|WARN|SKIPPED"));
        assertThat(report.getText()).contains("Pong from " + LocalChain.PROVIDER.oin());
    }

    @Test
    void anAdminReadsTheAuditLog() {
        loginAs(ADMIN, ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("#nav a[data-page='audit']")).click();
        WebElement table =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit-body table")));
        assertThat(table.findElements(By.cssSelector("tbody tr")))
                .anySatisfy(r -> assertThat(r.getText()).contains(ADMIN, "login", "success"));
    }

    @Test
    void anInvalidCpaUploadShowsItsValidationProblems() throws Exception {
        loginAs(ADMIN, ADMIN_PASSWORD);
        String proposed = chain.generateCpa(
                        Profile.OSB_RM, Duration.ofSeconds(1), SyncReplyMode.NONE, LocalChain.demoActions())
                .replace("value=\"agreed\"", "value=\"proposed\"");
        assertThat(proposed).contains("value=\"proposed\"");
        Path file = dir.resolve("proposed-cpa.xml");
        Files.writeString(file, proposed);

        browser.findElement(By.linkText("CPAs")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cpa-file")))
                .sendKeys(file.toString());
        browser.findElement(By.id("cpa-upload-submit")).click();
        WebElement rejected = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cpa-rejected")));
        assertThat(rejected.getText()).contains("not imported");
        List<WebElement> problems = rejected.findElements(By.cssSelector("#cpa-problems li"));
        assertThat(problems).isNotEmpty();
        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p.getText()).contains("ERROR").contains("only agreed or signed CPAs can be used"));
        // nothing was stored: the CPA in use is still the agreed one
        assertThat(chain.consumer()
                        .cpas()
                        .show(chain.cpaId(Profile.OSB_RM))
                        .orElseThrow()
                        .xml())
                .contains("value=\"agreed\"");
    }

    @Test
    void anAdminUploadsAValidCpaAndDeletesItAfterConfirming() throws Exception {
        loginAs(ADMIN, ADMIN_PASSWORD);
        String xml = chain.generateCpa(
                Profile.OSB_BE_S, Duration.ofSeconds(1), SyncReplyMode.NONE, LocalChain.demoActions());
        Path file = dir.resolve("signed-cpa.xml");
        Files.writeString(file, xml);
        Matcher id = Pattern.compile("cpaid=\"([^\"]+)\"").matcher(xml);
        assertThat(id.find()).isTrue();
        String cpaId = id.group(1);
        assertThat(chain.consumer().cpas().show(cpaId)).isEmpty();

        browser.findElement(By.linkText("CPAs")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cpa-file")))
                .sendKeys(file.toString());
        browser.findElement(By.id("cpa-upload-submit")).click();
        WebElement accepted = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cpa-accepted")));
        assertThat(accepted.getText()).contains(cpaId).contains("imported");
        By row = By.xpath("//div[@id='cpas-body']//tr[td[1][text()='" + cpaId + "']]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(chain.consumer().cpas().show(cpaId)).isPresent();

        // dismissing the confirmation keeps it, accepting deletes it
        browser.findElement(row).findElement(By.className("delete-cpa")).click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(chain.consumer().cpas().show(cpaId)).isPresent();
        browser.findElement(row).findElement(By.className("delete-cpa")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "CPA " + cpaId + " deleted."));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertThat(chain.consumer().cpas().show(cpaId)).isEmpty();
    }

    @Test
    void aViewerSeesNoResendButtonAndNoUpload() {
        loginAs(VIEWER, VIEWER_PASSWORD);
        assertThat(browser.findElement(By.id("who-role")).getText()).isEqualTo("viewer");
        browser.get(console + "#/message/" + encoded(failedForViewer));
        wait.until(ExpectedConditions.textToBe(By.id("message-status"), "FAILED"));
        assertThat(browser.findElement(By.id("message-refresh")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("resend"))).isEmpty();
        assertThat(browser.findElements(By.linkText("download"))).isEmpty();
        assertThat(browser.findElement(By.id("message-body")).getText()).contains("needs the payloads permission");
        // and the API refuses it too, whatever the page shows
        assertThat(fetchInPage(
                        console.replace("/console/", "/api/messages/") + encoded(failedForViewer) + "/payloads/0"))
                .startsWith("403 ");

        browser.findElement(By.linkText("CPAs")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cpas-body table")));
        assertThat(browser.findElement(By.id("cpa-upload")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("button.delete-cpa"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("#nav a[data-page='audit']"))
                        .isDisplayed())
                .isFalse();
        browser.findElement(By.linkText("Links")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-cpa")));
        assertThat(browser.findElement(By.id("run-diagnosis")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("run-chain-test")).isDisplayed()).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    /** GETs a URL from inside the page (same origin, the session cookie): "STATUS BODY". */
    private String fetchInPage(String url) {
        Object result = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin', headers: {'X-Dkgw-Csrf': '1'}})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('failed ' + e));",
                url);
        return String.valueOf(result);
    }

    /** The link to a message in the search results. */
    private static By resultLink(String messageId) {
        return By.xpath("//div[@id='messages-body']//a[text()='" + messageId + "']");
    }

    private static String encoded(String messageId) {
        return URLEncoder.encode(messageId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The log-in page without a session. */
    private void open() {
        browser.get(console + "login.html");
        browser.manage().deleteAllCookies();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
    }

    private void login(String user, String password) {
        WebElement name = browser.findElement(By.id("login-username"));
        name.clear();
        name.sendKeys(user);
        WebElement pw = browser.findElement(By.id("login-password"));
        pw.clear();
        pw.sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private void loginAs(String user, String password) {
        open();
        login(user, password);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-overview")));
    }

    private void screenshot(String name) {
        if (browser == null) {
            return;
        }
        try {
            Path target = Path.of("target", "console-screenshots");
            Files.createDirectories(target);
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(target.resolve(name + ".html"), browser.getPageSource());
        } catch (Exception e) {
            System.err.println("no screenshot for " + name + ": " + e.getMessage());
        }
    }
}
