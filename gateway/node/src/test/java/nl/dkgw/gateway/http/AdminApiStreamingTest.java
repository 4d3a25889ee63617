package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.CreatedFiles;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payload submitted as the raw request body of {@code POST /api/messages}: spooled to the node's {@code
 * limits.spool-dir} above the in-memory threshold, delivered intact to the other node, downloaded back as a stream;
 * refused with 413 above the node's limit.
 */
@Slow
class AdminApiStreamingTest {

    private static final long LIMIT = 12L * 1024 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRawPayloadAboveTheSpoolThresholdArrivesIntactAndDownloadsAsAStream() throws Exception {
        try (LocalChain chain = LocalChain.start(
                        dir,
                        Map.of(),
                        Duration.ofSeconds(1),
                        List.of(Profile.OSB_RM),
                        SyncReplyMode.NONE,
                        AdminApiStreamingTest::limited);
                CreatedFiles created = CreatedFiles.in(chain.consumer().spoolDirectory())) {
            String sender = "http://127.0.0.1:" + chain.consumer().adminPort();
            String receiver = "http://127.0.0.1:" + chain.provider().adminPort();
            Path payload = dir.resolve("payload.bin");
            byte[] bytes = new byte[9 * 1024 * 1024 + 5];
            new Random(15).nextBytes(bytes);
            Files.write(payload, bytes);
            String digest = sha256(Files.newInputStream(payload));
            Path spool = chain.consumer().spoolDirectory();

            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(URI.create(sender + "/api/messages?cpaId="
                                    + encode(chain.cpaId(Profile.OSB_RM)) + "&service="
                                    + encode(LocalChain.serviceName(Profile.OSB_RM)) + "&action="
                                    + encode(LocalChain.TO_PROVIDER) + "&conversationId=raw-1"))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofFile(payload))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode answer = json.readTree(accepted.body());
            assertThat(answer.get("bytes").asLong()).isEqualTo(bytes.length);
            assertThat(answer.get("conversationId").asText()).isEqualTo("raw-1");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(created.names())
                            .as("the body is spooled to the node's limits.spool-dir")
                            .anyMatch(n -> n.startsWith("dkgw-payload-")));
            assertThat(spooled(spool))
                    .as("the spooled body is deleted once the message is stored")
                    .isEmpty();
            String messageId = answer.get("messageId").asText();
            String statusUrl = sender + "/api/messages/" + encode(messageId);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> json.readTree(get(statusUrl).body())
                            .path("message")
                            .path("status")
                            .asText()
                            .equals("ACKNOWLEDGED"));

            JsonNode list = json.readTree(
                    get(receiver + "/api/received?status=RECEIVED").body());
            assertThat(list).hasSize(1);
            JsonNode fetched = json.readTree(
                    get(receiver + "/api/received/" + list.get(0).get("pk").asLong())
                            .body());
            JsonNode part = fetched.get("payloads").get(0);
            assertThat(part.has("base64"))
                    .as("a part above 8 MiB is not put in the JSON")
                    .isFalse();
            assertThat(part.get("tooLargeForJson").asBoolean()).isTrue();
            assertThat(part.get("size").asLong()).isEqualTo(bytes.length);

            HttpResponse<InputStream> download = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(receiver + part.get("download").asText()))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Length")).hasValue(String.valueOf(bytes.length));
            assertThat(sha256(download.body())).isEqualTo(digest);

            HttpResponse<InputStream> own = http.send(
                    HttpRequest.newBuilder(URI.create(statusUrl + "/payloads/0"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(sha256(own.body())).isEqualTo(digest);
        }
    }

    @Test
    void aRawPayloadAboveTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                AdminApiStreamingTest::limited)) {
            String sender = "http://127.0.0.1:" + chain.consumer().adminPort();
            Path payload = dir.resolve("too-large.bin");
            Files.write(payload, new byte[(int) LIMIT + 1]);
            Path spool = chain.consumer().spoolDirectory();
            URI uri = URI.create(sender + "/api/messages?cpaId=" + encode(chain.cpaId(Profile.OSB_RM)) + "&service="
                    + encode(LocalChain.serviceName(Profile.OSB_RM)) + "&action=" + encode(LocalChain.TO_PROVIDER));

            HttpResponse<String> declared = http.send(
                    HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofFile(payload))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(json.readTree(declared.body()).get("error").asText())
                    .contains("limits.max-message-bytes")
                    .contains(String.valueOf(LIMIT));

            HttpResponse<String> chunked = http.send(
                    HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                                try {
                                    return Files.newInputStream(payload);
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(chunked.body()).contains("limits.max-message-bytes");
            assertThat(spooled(spool))
                    .as("nothing of a refused body is left behind")
                    .isEmpty();
            assertThat(json.readTree(get(sender + "/api/messages").body()).get("messages"))
                    .as("nothing was stored")
                    .isEmpty();
        }
    }

    private static GatewayConfig limited(GatewayConfig c) {
        return new GatewayConfig(
                c.node(),
                c.ebms(),
                c.admin(),
                c.tls(),
                c.database(),
                c.delivery(),
                new GatewayConfig.Limits(LIMIT, 0, null),
                c.cpa(),
                c.security(),
                c.retention(),
                c.gb());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<Path> spooled(Path spool) throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().startsWith("dkgw-payload-"))
                    .collect(Collectors.toSet());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(InputStream stream) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(stream, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
