package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import java.util.List;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.ChildJvm;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sending node runs as its own process ({@code dkgw serve}) and is killed with SIGKILL right after it accepted a
 * batch of reliable messages; restarted, it resumes every delivery: every message acknowledged, each delivered to the
 * receiving application exactly once.
 */
@Slow
class SenderCrashTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ChainDatabase.class)
    void aSenderKilledMidRunResumesAfterRestartWithNothingLostAndNothingDuplicated(ChainDatabase database)
            throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, database.jdbcUrls(), Duration.ofMillis(500), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String sender = LocalChain.CONSUMER.name();
            GatewayConfig inProcess = chain.config(sender);
            int ebmsPort = chain.consumer().ebmsPort();
            chain.stop(sender);
            int adminPort = FreePort.find();
            GatewayConfig config = new GatewayConfig(
                    inProcess.node(),
                    new GatewayConfig.Ebms("127.0.0.1", ebmsPort, "/ebms"),
                    GatewayConfig.Admin.withoutAuthentication("127.0.0.1", adminPort),
                    inProcess.tls(),
                    inProcess.database(),
                    inProcess.delivery(),
                    inProcess.limits(),
                    inProcess.cpa());
            Path configFile = dir.resolve(sender).resolve("gateway.yml");
            Files.writeString(configFile, YAML.writeValueAsString(config));
            String admin = "http://127.0.0.1:" + adminPort;
            String cpaId = chain.cpaId(Profile.OSB_RM);

            List<String> ids = new ArrayList<>();
            try (ChildJvm node = serve(configFile, "first")) {
                awaitReady(admin, node);
                for (int i = 0; i < 40; i++) {
                    ids.add(submit(admin, cpaId, i));
                }
                node.kill();
            }
            try (ChildJvm node = serve(configFile, "second")) {
                awaitReady(admin, node);
                try {
                    for (String id : ids) {
                        await().atMost(Duration.ofSeconds(60)).until(() -> "ACKNOWLEDGED".equals(status(admin, id)));
                    }
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(
                            "not every message was acknowledged; the node's output:\n" + node.output(), e);
                }
                node.stop();
            }
            List<StoredMessage> received = chain.provider().received(null, null, 1000);
            assertThat(received).extracting(StoredMessage::messageId).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    private ChildJvm serve(Path configFile, String run) {
        return ChildJvm.builder(Main.class)
                .args("serve", "--config", configFile.toString())
                .jvmOptions("-Xmx256m")
                .logFile(dir.resolve("sender-" + run + ".log"))
                .start();
    }

    private void awaitReady(String admin, ChildJvm node) {
        try {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(URI.create(admin + "/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the node did not become ready; its output:\n" + node.output(), e);
        }
    }

    private String submit(String admin, String cpaId, int n) throws Exception {
        String body = JSON.createObjectNode()
                .put("cpaId", cpaId)
                .put("service", LocalChain.serviceName(Profile.OSB_RM))
                .put("action", LocalChain.TO_PROVIDER)
                .set(
                        "payloads",
                        JSON.createArrayNode()
                                .add(JSON.createObjectNode()
                                        .put("contentType", "text/plain")
                                        .put("text", "event " + n)))
                .toString();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(admin + "/api/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("messageId").asText();
    }

    private String status(String admin, String id) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(
                                URI.create(admin + "/api/messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        return json.path("message").path("status").asText();
    }
}
