package nl.dkgw.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics and readiness that mean something: counted traffic, queue depth, expiry, and readiness that can fail. */
@Slow
class OperationsEndpointsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCountTrafficPerCpaAndActionAndShowQueueAndExpiry() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            StoredMessage m = chain.consumer()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status()
                            == MessageStatus.ACKNOWLEDGED);
            chain.provider().cpas().delete(cpaId);
            StoredMessage refused = chain.consumer()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("text/plain", "y".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.consumer()
                                    .report(refused.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status()
                            == MessageStatus.FAILED);

            String sender = get("http://127.0.0.1:" + chain.consumer().adminPort() + "/metrics")
                    .body();
            assertThat(sender)
                    .contains("dkgw_messages_submitted_total{action=\"SendTestResult\",cpa_id=\"" + cpaId + "\"} 2.0");
            assertThat(sender).contains("dkgw_messages_acknowledged_total{cpa_id=\"" + cpaId + "\"} 1.0");
            assertThat(sender)
                    .contains("dkgw_messages_failed_total{action=\"SendTestResult\",cpa_id=\"" + cpaId + "\"} 1.0");
            assertThat(sender)
                    .contains("dkgw_delivery_attempts_total")
                    .contains("dkgw_delivery_duration_seconds_bucket");
            assertThat(sender).contains("dkgw_delivery_queue_depth 0.0");
            // an idle node hands a message it just stored straight to a free worker; the poller's count is there too
            assertThat(sender)
                    .containsPattern("dkgw_delivery_started_total\\{via=\"hand-off\"} [1-9]")
                    .contains("dkgw_delivery_started_total{via=\"poll\"}");
            assertThat(sender).containsPattern("dkgw_certificate_days_to_expiry\\{usage=\"tls-client\"} \\d+");
            assertThat(sender).contains("dkgw_certificate_days_to_expiry{usage=\"signing\"}");
            // security.crypto-provider left at auto, on a linux-x86_64 build machine
            assertThat(sender)
                    .contains("dkgw_crypto_provider_info{name=\"AmazonCorrettoCryptoProvider\","
                            + "provider=\"native\",version=\"2.5.0\"} 1");
            String receiver = get("http://127.0.0.1:" + chain.provider().adminPort() + "/metrics")
                    .body();
            assertThat(receiver)
                    .contains("dkgw_messages_received_total{action=\"SendTestResult\",cpa_id=\"" + cpaId + "\"} 1.0");
            assertThat(receiver).contains("dkgw_inbound_errors_total{error_code=\"ValueNotRecognized\"} 1.0");
            assertThat(receiver)
                    .as("the asynchronous Acknowledgment went to a worker as it was stored")
                    .containsPattern("dkgw_delivery_started_total\\{via=\"hand-off\"} [1-9]");
        }
    }

    @Test
    void readinessNamesEachCheckAndFailsWhenACrlIsStale() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String url = "http://127.0.0.1:" + chain.consumer().adminPort() + "/health/ready";
            HttpResponse<String> ready = get(url);
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode checks = new ObjectMapper().readTree(ready.body()).get("checks");
            assertThat(checks.fieldNames()).toIterable().contains("database", "endpoints", "signing-key", "crls");
            // no flows on this node: nothing uses a broker, so there is no broker check
            assertThat(checks.has("broker")).isFalse();
            assertThat(checks.get("signing-key").get("detail").asText()).contains("signs");

            chain.pki()
                    .reissueCrls(
                            Instant.now().minus(Duration.ofDays(3)),
                            Instant.now().minus(Duration.ofDays(1)));
            HttpResponse<String> stale = get(url);
            assertThat(stale.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper()
                            .readTree(stale.body())
                            .get("checks")
                            .get("crls")
                            .get("detail")
                            .asText())
                    .contains("stale");
        }
    }
}
