package nl.dkgw.gateway.admin;

import static nl.dkgw.gateway.admin.AdminHttp.ADMIN_PW;
import static nl.dkgw.gateway.admin.AdminHttp.OPERATOR_PW;
import static nl.dkgw.gateway.admin.AdminHttp.VIEWER_PW;
import static nl.dkgw.gateway.admin.AdminHttp.basic;
import static nl.dkgw.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.cli.CliRun;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Chromium;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Grote Berichten for operators and applications outside Java, between two real nodes (GB on, admin users) over
 * mutual TLS on loopback: a file streamed to {@code POST /api/files}, its transfer in the receiver's message view,
 * the download of the arrived file with the payloads permission, the audit log, the GB gauges, and {@code dkgw send
 * --file} / {@code dkgw status} on the same nodes.
 */
@Slow
class GbAdminApiTest {

    private static final String[] VIEWER = basic("viewer", VIEWER_PW);
    private static final String[] OPERATOR = basic("operator", OPERATOR_PW);
    private static final String[] ADMIN = basic("admin", ADMIN_PW);

    @TempDir
    static Path dir;

    private static LocalChain chain;
    private static AdminHttp sender;
    private static AdminHttp receiver;
    private static String cpaId;
    private static String service;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        List<GatewayConfig.User> users = AdminHttp.users();
        chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(2),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                c -> c.withGb(GatewayConfig.Gb.on().withKeepAfterFetch(Duration.ZERO))
                        .withAdmin(c.admin().withUsers(users)));
        sender = new AdminHttp(chain.consumer().adminPort());
        receiver = new AdminHttp(chain.provider().adminPort());
        cpaId = chain.cpaId(Profile.OSB_RM);
        service = LocalChain.serviceName(Profile.OSB_RM);
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void aFileStreamedToTheAdminApiArrivesAndIsShownAndDownloadedWithThePayloadsPermission() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        // a body of unknown length (chunked): the node streams it into its file store
        HttpResponse<String> sent = postFile(
                query(cpaId, service, LocalChain.TO_PROVIDER, "report-1.bin"),
                "application/octet-stream",
                new ByteArrayInputStream(content),
                OPERATOR);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonNode answer = json(sent);
        String messageId = answer.get("messageId").asText();
        assertThat(answer.get("status").asText()).isEqualTo("PENDING");
        assertThat(answer.get("bytes").asLong()).isEqualTo(content.length);

        JsonNode files = awaitFiles(messageId, "COMPLETED");
        JsonNode file = files.get(0);
        assertThat(file.get("filename").asText()).isEqualTo("report-1.bin");
        assertThat(file.get("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(file.get("size").asLong()).isEqualTo(content.length);
        assertThat(file.get("bytesSoFar").asLong()).isEqualTo(content.length);
        assertThat(file.get("checksum").asText()).isEqualTo("SHA256:" + sha256(content));
        assertThat(file.get("reason").isNull()).isTrue();
        String link = file.get("link").asText();
        assertThat(link).isEqualTo(messagePath(messageId) + "/files/0");

        // the file's bytes need the payloads permission; the download is audited
        assertThat(receiver.bytes(link, VIEWER).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> download = receiver.bytes(link, ADMIN);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).contains("report-1.bin"));
        assertThat(download.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(receiver.bytes(messagePath(messageId) + "/files/1", ADMIN).statusCode())
                .isEqualTo(404);
        assertThat(audit(receiver))
                .contains(
                        "file-download admin " + messageId + " success",
                        "file-download viewer " + messageId + " denied");
        assertThat(audit(sender)).contains("file-send operator " + messageId + " success");

        // no download runs any more on the receiver
        assertThat(gauge(receiver, "dkgw_gb_active_downloads")).isZero();
        // the sender's view of its metadata message: no received files; the file it offered, fetched completely by
        // the receiver and therefore removed from its store
        JsonNode own = awaitRemoved(messageId);
        assertThat(own.get("files")).isEmpty();
        assertThat(own.get("payloads").get(0).get("contentType").asText()).isEqualTo("application/xml");
        JsonNode offered = own.get("sentFiles");
        assertThat(offered).hasSize(1);
        assertThat(offered.get(0).get("filename").asText()).isEqualTo("report-1.bin");
        assertThat(offered.get(0).get("size").asLong()).isEqualTo(content.length);
        assertThat(offered.get(0).get("checksum").asText()).isEqualTo("SHA256:" + sha256(content));
        assertThat(offered.get(0).get("bytesServed").asLong()).isEqualTo(content.length);
        assertThat(offered.get(0).get("fetched").asBoolean()).isTrue();
        assertThat(offered.get(0).get("expiresAt").asText()).isNotBlank();
        assertThat(offered.get(0).get("removedReason").asText()).isEqualTo("fetched");
        assertThat(offered.get(0).get("removedAt").isNull()).isFalse();
        JsonNode received = json(receiver.call("GET", messagePath(messageId), null, VIEWER));
        assertThat(received.get("sentFiles"))
                .as("a received message offered nothing")
                .isEmpty();
    }

    @Test
    void aFileCanBePushedForOneCallAndAnotherModeIsRefused() throws Exception {
        byte[] content = new byte[1024 * 1024 + 3];
        new Random(9).nextBytes(content);

        HttpResponse<String> sent = postFile(
                query(cpaId, service, LocalChain.TO_PROVIDER, "pushed-1.bin") + "&mode=push",
                "application/octet-stream",
                in(content),
                OPERATOR);

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String messageId = json(sent).get("messageId").asText();
        JsonNode file = awaitFiles(messageId, "COMPLETED").get(0);
        assertThat(file.get("checksum").asText()).isEqualTo("SHA256:" + sha256(content));
        long pk = chain.provider().inbound().received(MessageRoute.cpa(cpaId), null, 100).stream()
                .filter(m -> m.messageId().equals(messageId))
                .findFirst()
                .orElseThrow()
                .pk();
        assertThat(new String(
                        chain.provider()
                                .inbound()
                                .fetch(pk)
                                .orElseThrow()
                                .payloads()
                                .get(0)
                                .data(),
                        StandardCharsets.UTF_8))
                .contains("digikoppeling-external-data-references-request", "gb/2020/09");

        HttpResponse<String> both = postFile(
                query(cpaId, service, LocalChain.TO_PROVIDER, "pushed-2.bin") + "&mode=both",
                "application/octet-stream",
                in(content),
                OPERATOR);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both).get("error").asText()).contains("mode");
    }

    @Test
    void dkgwSendPushUploadsTheFileToTheReceiverFirst() throws Exception {
        Path senderConfig = config("push-sender.yml", chain.consumer().adminPort());
        byte[] content = new byte[300 * 1024];
        new Random(13).nextBytes(content);
        Path file = Files.write(dir.resolve("pushed-by-cli.bin"), content);

        CliRun run = cli(OPERATOR_PW, send(senderConfig, cpaId, file, "--push"));

        assertThat(run.exit()).as(run.err()).isZero();
        String messageId = messageIdIn(run.out());
        JsonNode received = awaitFiles(messageId, "COMPLETED").get(0);
        assertThat(received.get("checksum").asText()).isEqualTo("SHA256:" + sha256(content));
        long pk = chain.provider().inbound().received(MessageRoute.cpa(cpaId), null, 100).stream()
                .filter(m -> m.messageId().equals(messageId))
                .findFirst()
                .orElseThrow()
                .pk();
        assertThat(new String(
                        chain.provider()
                                .inbound()
                                .fetch(pk)
                                .orElseThrow()
                                .payloads()
                                .get(0)
                                .data(),
                        StandardCharsets.UTF_8))
                .contains("gb/2020/09");
    }

    @Test
    void aFileSubmissionIsRefusedAsAMessageSubmissionIs() throws Exception {
        byte[] small = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(postFile(query(cpaId, service, LocalChain.TO_PROVIDER, "a.txt"), "text/plain", in(small), VIEWER)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> unknown = postFile(
                query("no-such-cpa", service, LocalChain.TO_PROVIDER, "a.txt"), "text/plain", in(small), OPERATOR);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown).get("reason").asText()).isEqualTo("UNKNOWN_CPA");
        assertThat(json(unknown).get("retryable").asBoolean()).isFalse();
        // a large body refused before it was read: without Expect: 100-continue the node reads it to the end, so
        // that a client that sends it all before reading gets the answer
        HttpResponse<String> unknownLarge = postFile(
                query("no-such-cpa", service, LocalChain.TO_PROVIDER, "a.bin"),
                "application/octet-stream",
                in(new byte[8 * 1024 * 1024]),
                OPERATOR);
        assertThat(unknownLarge.statusCode()).isEqualTo(422);
        HttpResponse<String> badName =
                postFile(query(cpaId, service, LocalChain.TO_PROVIDER, "a b?.txt"), "text/plain", in(small), OPERATOR);
        assertThat(badName.statusCode()).as(badName.body()).isEqualTo(400);
        assertThat(json(badName).get("reason").asText()).isEqualTo("MALFORMED");
        HttpResponse<String> noName = postFile(
                "cpaId=" + enc(cpaId) + "&service=" + enc(service) + "&action=" + LocalChain.TO_PROVIDER,
                "text/plain",
                in(small),
                OPERATOR);
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(json(noName).get("error").asText()).contains("filename");
        // the parameters may come as headers instead
        HttpResponse<String> headers = postFile(
                "",
                "text/plain",
                in(small),
                OPERATOR[0],
                OPERATOR[1],
                "X-Dkgw-Cpa-Id",
                cpaId,
                "X-Dkgw-Service",
                service,
                "X-Dkgw-Action",
                LocalChain.TO_PROVIDER,
                "X-Dkgw-Filename",
                "by-headers.txt");
        assertThat(headers.statusCode()).as(headers.body()).isEqualTo(202);
        JsonNode file =
                awaitFiles(json(headers).get("messageId").asText(), "COMPLETED").get(0);
        assertThat(file.get("filename").asText()).isEqualTo("by-headers.txt");
        assertThat(file.get("contentType").asText()).isEqualTo("text/plain");
    }

    @Test
    void dkgwSendFileGoesThroughGbWhenAskedOrLargerThan20MibAndStatusShowsTheTransfers() throws Exception {
        Path senderConfig = config("sender.yml", chain.consumer().adminPort());
        Path receiverConfig = config("receiver.yml", chain.provider().adminPort());
        byte[] content = new byte[256 * 1024];
        new Random(11).nextBytes(content);
        Path small = Files.write(dir.resolve("small.bin"), content);

        CliRun run = cli(OPERATOR_PW, send(senderConfig, cpaId, small, "--large"));
        assertThat(run.exit()).as(run.err()).isZero();
        String messageId = messageIdIn(run.out());
        assertThat(run.err()).contains("uploaded 100%").doesNotContain("\r");
        awaitFiles(messageId, "COMPLETED");
        CliRun status = cli(VIEWER_PW, "status", "--config", receiverConfig.toString(), "--user", "viewer", messageId);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("file small.bin  " + content.length + " bytes  COMPLETED");
        awaitRemoved(messageId);
        CliRun offered = cli(VIEWER_PW, "status", "--config", senderConfig.toString(), "--user", "viewer", messageId);
        assertThat(offered.exit()).as(offered.err()).isZero();
        assertThat(offered.out())
                .contains("offered file small.bin  " + content.length + " bytes  FETCHED (" + content.length
                        + " fetched)  removed at ")
                .contains("(fetched)");

        // without --large a file up to 20 MiB is an ordinary payload
        CliRun plain = cli(OPERATOR_PW, send(senderConfig, cpaId, small));
        assertThat(plain.exit()).as(plain.err()).isZero();
        JsonNode own = json(sender.call("GET", messagePath(messageIdIn(plain.out())), null, VIEWER));
        assertThat(own.get("payloads").get(0).get("size").asLong()).isEqualTo(content.length);

        // larger than 20 MiB, it goes through Grote Berichten unasked (a sparse file: quick to make)
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(20L * 1024 * 1024 + 1);
        }
        CliRun large = cli(OPERATOR_PW, send(senderConfig, cpaId, big));
        assertThat(large.exit()).as(large.err()).isZero();
        assertThat(large.err()).contains("larger than 20 MiB");
        JsonNode announced = json(sender.call("GET", messagePath(messageIdIn(large.out())), null, VIEWER));
        assertThat(announced.get("payloads").get(0).get("size").asLong()).isLessThan(64 * 1024);

        // refused as any submission: the exit code of the reason, one line
        CliRun unknown = cli(OPERATOR_PW, send(senderConfig, "no-such-cpa", small, "--gb"));
        assertThat(unknown.exit()).as(unknown.err()).isEqualTo(3);
        assertThat(lastLine(unknown.err())).startsWith("dkgw send: ").contains("no-such-cpa");
        CliRun missing = cli(OPERATOR_PW, send(senderConfig, cpaId, dir.resolve("missing.bin"), "--large"));
        assertThat(missing.exit()).isEqualTo(2);
    }

    @Test
    void theConsoleMessagePageListsTheFilesWithStatusAndADownloadLinkForThePayloadsPermission() throws Exception {
        Optional<String> unavailable = Chromium.ensureInstalled();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        byte[] content = new byte[64 * 1024];
        new Random(13).nextBytes(content);
        HttpResponse<String> sent = postFile(
                query(cpaId, service, LocalChain.TO_PROVIDER, "console-file.bin"),
                "application/octet-stream",
                in(content),
                OPERATOR);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String messageId = json(sent).get("messageId").asText();
        awaitFiles(messageId, "COMPLETED");
        ChromeDriver browser = Chromium.start(dir.resolve("chromium-profile"));
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            String page =
                    receiver.base() + "/console/#/message/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8);

            consoleLogin(browser, wait, "admin", ADMIN_PW);
            browser.get(page);
            WebElement files = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("files")));
            assertThat(files.getText()).contains("console-file.bin", "COMPLETED", String.valueOf(content.length));
            String href = files.findElement(By.className("file-download")).getAttribute("href");
            assertThat(href).endsWith("/files/0");
            HttpResponse<byte[]> download = receiver.bytes(URI.create(href).getRawPath(), ADMIN);
            assertThat(download.body()).isEqualTo(content);

            browser.manage().deleteAllCookies();
            consoleLogin(browser, wait, "viewer", VIEWER_PW);
            browser.get(page);
            files = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("files")));
            assertThat(files.getText()).contains("console-file.bin", "needs the payloads permission");
            assertThat(files.findElements(By.className("file-download"))).isEmpty();

            // the sender's page: the file it offered, fetched completely and removed
            awaitRemoved(messageId);
            browser.manage().deleteAllCookies();
            consoleLogin(browser, wait, sender, "viewer", VIEWER_PW);
            browser.get(sender.base() + "/console/#/message/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
            WebElement offered = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sent-files")));
            assertThat(offered.getText())
                    .contains("console-file.bin", String.valueOf(content.length), "yes", "(fetched)");
        } finally {
            browser.quit();
        }
    }

    // ---- helpers

    private static void consoleLogin(ChromeDriver browser, WebDriverWait wait, String user, String password) {
        consoleLogin(browser, wait, receiver, user, password);
    }

    private static void consoleLogin(
            ChromeDriver browser, WebDriverWait wait, AdminHttp node, String user, String password) {
        browser.get(node.base() + "/console/login.html");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")))
                .sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    /** The command's own last line (the nodes run in this JVM and log to the same standard output). */
    /**
     * The MessageId {@code dkgw send} printed: its last line without white space. The nodes of this test run in the
     * same JVM and log to standard output, so a log line may land in what the command's run captured.
     */
    private static String messageIdIn(String output) {
        List<String> ids = output.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && l.indexOf('@') > 0 && l.chars().noneMatch(Character::isWhitespace))
                .toList();
        return ids.isEmpty() ? "" : ids.get(ids.size() - 1);
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
    }

    private static JsonNode awaitFiles(String messageId, String status) {
        JsonNode[] files = new JsonNode[1];
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            HttpResponse<String> r = receiver.call("GET", messagePath(messageId), null, VIEWER);
            if (r.statusCode() != 200) {
                return false;
            }
            files[0] = json(r).get("files");
            return files[0].size() > 0 && files[0].get(0).get("status").asText().equals(status);
        });
        return files[0];
    }

    /** The sender's view of its message once the file it offered was removed from its store. */
    private static JsonNode awaitRemoved(String messageId) {
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            view[0] = json(sender.call("GET", messagePath(messageId), null, VIEWER));
            JsonNode files = view[0].get("sentFiles");
            return files.size() > 0 && files.get(0).hasNonNull("removedAt");
        });
        return view[0];
    }

    private static String messagePath(String messageId) {
        return "/api/messages/"
                + URLEncoder.encode(messageId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String cpa, String svc, String action, String filename) {
        return "cpaId=" + enc(cpa) + "&service=" + enc(svc) + "&action=" + enc(action) + "&filename=" + enc(filename);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static HttpResponse<String> postFile(String query, String contentType, InputStream body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sender.base() + "/api/files?" + query))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> audit(AdminHttp node) throws Exception {
        List<String> audited = new ArrayList<>();
        json(node.call("GET", "/api/audit?limit=500", null, ADMIN))
                .get("events")
                .forEach(e -> audited.add(e.get("action").asText() + " "
                        + e.get("user").asText() + " " + e.get("target").asText() + " "
                        + e.get("outcome").asText()));
        return audited;
    }

    private static double gauge(AdminHttp node, String name) throws Exception {
        String scrape = node.call("GET", "/metrics", null, VIEWER).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in " + scrape).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static Path config(String name, int port) throws Exception {
        return Files.writeString(dir.resolve(name), "admin:\n  port: " + port + "\n");
    }

    private static String[] send(Path config, String cpa, Path file, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "send",
                "--config",
                config.toString(),
                "--user",
                "operator",
                "--cpa",
                cpa,
                "--service",
                service,
                "--action",
                LocalChain.TO_PROVIDER,
                "--file",
                file.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A CLI run whose password prompt (no console in a test) reads {@code password} from standard input. */
    private static synchronized CliRun cli(String password, String... args) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            return CliRun.of(args);
        } finally {
            System.setIn(stdin);
        }
    }
}
