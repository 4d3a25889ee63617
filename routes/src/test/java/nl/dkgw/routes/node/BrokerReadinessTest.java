package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.RealArtemis;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose flows use an external Artemis (by URL, with a user and password, on a free loopback port) is ready
 * while the broker answers, not ready naming the broker while it is down, and ready again once it is back; the same
 * shows in the metric {@code dkgw_broker_up}. The check goes when the flows stop.
 */
@Slow
class BrokerReadinessTest {

    static final String USER = "dkgw-flows";
    static final String PASSWORD = "readiness-broker-pw";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessFollowsTheBrokerDownAndUpAgain() throws Exception {
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;
        RealArtemis broker = RealArtemis.start("readiness-test-broker", port, USER, PASSWORD);
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            FlowsConfig config = new FlowsConfig(
                    new FlowsConfig.Broker(url, null, USER, PASSWORD),
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            new FlowsConfig.FlowConfig(
                                    new FlowsConfig.Send(
                                            chain.cpaId(Profile.OSB_RM),
                                            LocalChain.serviceName(Profile.OSB_RM),
                                            LocalChain.TO_PROVIDER,
                                            null,
                                            new FlowsConfig.Sources("ggd.in", false, null, null, null, null)),
                                    null,
                                    Map.of())));
            String admin = "http://127.0.0.1:" + chain.consumer().adminPort();
            GatewayFlows flows = GatewayFlows.start(chain.consumer(), config, dir.resolve("flows"));
            try {
                HttpResponse<String> ready = get(admin + "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                JsonNode check = JSON.readTree(ready.body()).get("checks").get("broker");
                assertThat(check.get("ok").asBoolean()).isTrue();
                assertThat(check.get("detail").asText()).isEqualTo("answers at " + url);
                assertThat(ready.body()).doesNotContain(PASSWORD);
                assertThat(get(admin + "/metrics").body()).contains("dkgw_broker_up 1.0");

                broker.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(admin + "/health/ready").statusCode() == 503);
                JsonNode down = JSON.readTree(get(admin + "/health/ready").body());
                assertThat(down.get("status").asText()).isEqualTo("DOWN");
                assertThat(down.get("checks").get("broker").get("ok").asBoolean())
                        .isFalse();
                assertThat(down.get("checks").get("broker").get("detail").asText())
                        .startsWith("broker " + url + " is not usable: ")
                        .doesNotContain("\n");
                assertThat(down.get("checks").get("database").get("ok").asBoolean())
                        .isTrue();
                assertThat(get(admin + "/metrics").body()).contains("dkgw_broker_up 0.0");

                broker = RealArtemis.start("readiness-test-broker", port, USER, PASSWORD);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(admin + "/health/ready").statusCode() == 200);
                assertThat(get(admin + "/metrics").body()).contains("dkgw_broker_up 1.0");
            } finally {
                flows.close();
            }
            HttpResponse<String> withoutFlows = get(admin + "/health/ready");
            assertThat(JSON.readTree(withoutFlows.body()).get("checks").has("broker"))
                    .isFalse();
            assertThat(get(admin + "/metrics").body()).doesNotContain("dkgw_broker_up");
        } finally {
            broker.stop();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
