package nl.dkgw.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
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
import java.util.HexFormat;
import java.util.List;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.SeededBytes;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A payload larger than either node's heap goes from one node to the other, both running as their own processes with
 * {@value #HEAP_MB} MB of heap: submitted as a raw body through the sender's admin API, stored, posted over mutual
 * TLS, spooled, verified and stored by the receiver, acknowledged, and downloaded again from the receiver's admin API
 * with the SHA-256 it was sent with. A message path that held a payload whole anywhere would run out of memory. One
 * profile per store, so both stores and both the plain and the signed path are covered; {@code bench/big-message.sh}
 * runs the 100 MB and 1 GB sizes.
 */
@Slow
class LargeMessageSmallHeapTest {

    static final int HEAP_MB = 96;
    static final long PAYLOAD_BYTES = 160L * 1024 * 1024 + 12_345; // well over the heap, not a multiple of a buffer

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"OSB_RM, H2", "OSB_RM_S, POSTGRES"})
    void aPayloadLargerThanEitherHeapArrivesIntact(Profile profile, ChainDatabase database) throws Exception {
        Path payload = dir.resolve("payload.bin");
        String sent = new SeededBytes(PAYLOAD_BYTES, 0x5eed_1a46_e0b1_77L).writeTo(payload);

        try (LocalChain chain = LocalChain.start(
                dir, database.jdbcUrls(), Duration.ofSeconds(5), List.of(profile), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(profile);
            String senderName = LocalChain.CONSUMER.name();
            String receiverName = LocalChain.PROVIDER.name();
            GatewayConfig senderConfig = childConfig(chain, senderName);
            GatewayConfig receiverConfig = childConfig(chain, receiverName);
            chain.stop(senderName);
            chain.stop(receiverName);

            Path senderDir = dir.resolve(senderName);
            Path receiverDir = dir.resolve(receiverName);
            try (NodeProcess sender = smallHeap(NodeProcess.configure(
                            senderName, senderConfig, senderDir, "-Xmx" + HEAP_MB + "m", gcLog(senderDir)));
                    NodeProcess receiver = smallHeap(NodeProcess.configure(
                            receiverName, receiverConfig, receiverDir, "-Xmx" + HEAP_MB + "m", gcLog(receiverDir)))) {
                receiver.start();
                sender.start();

                String messageId =
                        submitRaw(sender, cpaId, LocalChain.serviceName(profile), LocalChain.TO_PROVIDER, payload);
                await("the message acknowledged")
                        .atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> !sender.isRunning()
                                || !receiver.isRunning()
                                || "ACKNOWLEDGED".equals(sender.status(messageId)));
                assertThat(sender.isRunning()).as(sender.output()).isTrue();
                assertThat(receiver.isRunning()).as(receiver.output()).isTrue();

                assertThat(receiver.receivedMessageIds(cpaId)).containsExactly(messageId);
                assertThat(downloadedSha256(receiver, messageId))
                        .as("the receiver's copy of the payload")
                        .isEqualTo(sent);
                System.out.printf(
                        "large message: %s on %s, %d bytes arrived intact; peak heap sender %d MB, receiver %d MB"
                                + " (-Xmx%dm)%n",
                        profile.code(),
                        database,
                        PAYLOAD_BYTES,
                        GbKillAndResumeTest.peakHeapMb(senderDir),
                        GbKillAndResumeTest.peakHeapMb(receiverDir),
                        HEAP_MB);
            }
        }
    }

    /** The chain's configuration of a node for a child process: its ebMS port fixed, long request timeout. */
    private static GatewayConfig childConfig(LocalChain chain, String name) {
        GatewayConfig c = chain.config(name);
        return new GatewayConfig(
                        c.node(),
                        new GatewayConfig.Ebms("127.0.0.1", chain.node(name).ebmsPort(), "/ebms"),
                        c.admin(),
                        c.tls(),
                        c.database(),
                        new GatewayConfig.Delivery(
                                2,
                                Duration.ofMillis(200),
                                Duration.ofMinutes(5),
                                Duration.ofSeconds(5),
                                Duration.ofMinutes(4),
                                3,
                                Duration.ofSeconds(1)),
                        c.limits(),
                        c.cpa())
                .withSecurity(c.security());
    }

    /** Raises the node's message size limit above the payload (its configuration file, as an operator would). */
    private static NodeProcess smallHeap(NodeProcess node) throws Exception {
        Path file = node.configFile();
        ObjectNode config = (ObjectNode) NodeProcess.YAML.readTree(file.toFile());
        ObjectNode limits = config.with("limits");
        limits.put("max-message-bytes", PAYLOAD_BYTES + 4L * 1024 * 1024);
        Files.writeString(file, NodeProcess.YAML.writeValueAsString(config));
        return node;
    }

    private String submitRaw(NodeProcess sender, String cpaId, String service, String action, Path payload)
            throws Exception {
        String query = "cpaId=" + encode(cpaId) + "&service=" + encode(service) + "&action=" + encode(action);
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(sender.admin() + "/api/messages?" + query))
                        .timeout(Duration.ofMinutes(3))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return NodeProcess.JSON.readTree(answer.body()).path("messageId").asText();
    }

    private String downloadedSha256(NodeProcess receiver, String messageId) throws Exception {
        HttpResponse<InputStream> answer = http.send(
                HttpRequest.newBuilder(
                                URI.create(receiver.admin() + "/api/messages/" + encode(messageId) + "/payloads/0"))
                        .timeout(Duration.ofMinutes(3))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = answer.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String gcLog(Path nodeDir) {
        return "-Xlog:gc:file=" + nodeDir.resolve("logs").resolve("gc-%p.log");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
