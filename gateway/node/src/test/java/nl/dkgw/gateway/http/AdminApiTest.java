package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applications send and receive through the admin REST API alone. */
@Slow
class AdminApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpResponse<String> call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        b = body == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMessageSubmittedOverRestIsReceivedListedFetchedAndMarkedProcessedOverRest() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String sender = "http://127.0.0.1:" + chain.consumer().adminPort();
            String receiver = "http://127.0.0.1:" + chain.provider().adminPort();
            assertThat(call("GET", sender + "/health/live", null).statusCode()).isEqualTo(200);
            assertThat(call("GET", sender + "/health/ready", null).body()).contains("UP");
            HttpResponse<String> noChainTest = call("POST", sender + "/api/chain-test", "{\"cpaId\": \"any\"}");
            assertThat(noChainTest.statusCode())
                    .as("the chain test lives in test-chain, not on this class path")
                    .isEqualTo(501);
            assertThat(json.readTree(noChainTest.body()).get("error").asText()).contains("dkgw-test-chain");

            String submission = json.createObjectNode()
                    .put("cpaId", chain.cpaId(Profile.OSB_RM))
                    .put("service", LocalChain.serviceName(Profile.OSB_RM))
                    .put("action", LocalChain.TO_PROVIDER)
                    .put("conversationId", "conv-42")
                    .set(
                            "payloads",
                            json.createArrayNode()
                                    .add(json.createObjectNode()
                                            .put("contentType", "application/xml")
                                            .put("text", "<a/>"))
                                    .add(json.createObjectNode()
                                            .put("contentType", "application/octet-stream")
                                            .put("base64", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2}))))
                    .toString();
            HttpResponse<String> accepted = call("POST", sender + "/api/messages", submission);
            assertThat(accepted.statusCode()).isEqualTo(202);
            String messageId = json.readTree(accepted.body()).get("messageId").asText();
            assertThat(json.readTree(accepted.body()).get("conversationId").asText())
                    .isEqualTo("conv-42");

            String statusUrl = sender + "/api/messages/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> json.readTree(call("GET", statusUrl, null).body())
                            .path("message")
                            .path("status")
                            .asText()
                            .equals("ACKNOWLEDGED"));
            JsonNode report = json.readTree(call("GET", statusUrl, null).body());
            assertThat(report.get("hasReceipt").asBoolean()).isTrue();
            assertThat(report.get("attempts")).hasSize(1);
            HttpResponse<String> receipt = call("GET", statusUrl + "/receipt", null);
            assertThat(receipt.statusCode()).isEqualTo(200);
            assertThat(receipt.body()).contains("Acknowledgment").contains(messageId);
            assertThat(call("GET", sender + "/api/messages/unknown@x/receipt", null)
                            .statusCode())
                    .isEqualTo(404);

            JsonNode list = json.readTree(call("GET", receiver + "/api/received?status=RECEIVED", null)
                    .body());
            assertThat(list).hasSize(1);
            long id = list.get(0).get("pk").asLong();
            assertThat(list.get(0).get("messageId").asText()).isEqualTo(messageId);
            JsonNode fetched = json.readTree(
                    call("GET", receiver + "/api/received/" + id, null).body());
            assertThat(fetched.get("payloads")).hasSize(2);
            assertThat(Base64.getDecoder()
                            .decode(fetched.get("payloads").get(0).get("base64").asText()))
                    .isEqualTo("<a/>".getBytes(StandardCharsets.UTF_8));
            assertThat(Base64.getDecoder()
                            .decode(fetched.get("payloads").get(1).get("base64").asText()))
                    .containsExactly(0, 1, 2);

            assertThat(call("POST", receiver + "/api/received/" + id + "/processed", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(call("POST", receiver + "/api/received/" + id + "/processed", null)
                            .statusCode())
                    .isEqualTo(409);
            assertThat(json.readTree(call("GET", receiver + "/api/received?status=RECEIVED", null)
                            .body()))
                    .isEmpty();
        }
    }

    @Test
    void badRequestsGetAStatusAndOneReadableLine() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String admin = "http://127.0.0.1:" + chain.consumer().adminPort();
            HttpResponse<String> notJson = call("POST", admin + "/api/messages", "{not json");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(json.readTree(notJson.body()).get("error").asText()).contains("not valid JSON");
            HttpResponse<String> missing = call("POST", admin + "/api/messages", "{\"cpaId\":\"x\"}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("'service' is required");
            HttpResponse<String> unknownCpa =
                    call("POST", admin + "/api/messages", "{\"cpaId\":\"x\",\"service\":\"s\",\"action\":\"a\"}");
            assertThat(unknownCpa.statusCode()).isEqualTo(422);
            assertThat(unknownCpa.body()).contains("not known");
            assertThat(call("GET", admin + "/api/messages/nope", null).statusCode())
                    .isEqualTo(404);
            assertThat(call("GET", admin + "/api/received/abc", null).statusCode())
                    .isEqualTo(400);
            assertThat(call("GET", admin + "/nowhere", null).statusCode()).isEqualTo(404);
        }
    }
}
