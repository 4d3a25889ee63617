package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.KeylessChain;
import nl.dkgw.gateway.StoreOutage;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flows' REST source on a real node answers by what the {@code ebms} producer says of a failed submission: a
 * flow on an unknown CPA or action is refused (422, not retried by the caller), a node that cannot sign for a signed
 * CPA is 500, and only a store that is down is 503 with Retry-After.
 */
@Slow
class RestSourceAnswersTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    static LocalChain chain;
    static GatewayFlows flows;

    @BeforeAll
    static void start() throws Exception {
        // the nodes have no signing key: the unsigned CPA works, the signed one cannot be sent on
        chain = KeylessChain.start(dir.resolve("chain"));
        Map<String, FlowsConfig.FlowConfig> definitions = new LinkedHashMap<>();
        definitions.put(TestResultFlow.NAME, restFlow("no-such-cpa", Profile.OSB_RM, LocalChain.TO_PROVIDER, Map.of()));
        definitions.put(
                VaccinationFlow.NAME,
                restFlow(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, LocalChain.TO_PROVIDER, Map.of()));
        definitions.put(
                StatusNoticeFlow.NAME,
                restFlow(
                        chain.cpaId(Profile.OSB_RM_S),
                        Profile.OSB_RM_S,
                        LocalChain.TO_PROVIDER,
                        Map.of("sender-oin", LocalChain.CONSUMER.oin(), "sender-application", "ZAAKSYSTEEM")));
        flows = GatewayFlows.start(
                chain.consumer(),
                new FlowsConfig(null, new FlowsConfig.Rest("127.0.0.1", 0), null, definitions),
                dir.resolve("flows"));
    }

    @AfterAll
    static void stop() {
        if (flows != null) {
            flows.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    static FlowsConfig.FlowConfig restFlow(
            String cpaId, Profile profile, String action, Map<String, String> properties) {
        return new FlowsConfig.FlowConfig(
                new FlowsConfig.Send(
                        cpaId,
                        LocalChain.serviceName(profile),
                        action,
                        null,
                        new FlowsConfig.Sources(null, true, null, null, null, null)),
                null,
                properties);
    }

    static HttpResponse<String> post(String flow, String marker) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + flows.runtime().restPort() + "/flows/" + flow))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "key-" + marker)
                        .POST(HttpRequest.BodyPublishers.ofString(FlowEvents.event(flow, marker)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void assertAnswer(HttpResponse<String> answer, int status, String reason) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("reason").asText()).isEqualTo(reason);
        assertThat(answer.headers().firstValue("Retry-After").isPresent()).isEqualTo(status == 503);
    }

    @Test
    void aFlowOnAnUnknownCpaIsRefusedNotToBeTriedAgain() throws Exception {
        assertAnswer(post(TestResultFlow.NAME, "unknown-cpa"), 422, "UNKNOWN_CPA");
    }

    @Test
    void aFlowOnASignedCpaOfANodeWithoutSigningKeyIsTheNodesFault() throws Exception {
        assertAnswer(post(StatusNoticeFlow.NAME, "no-key"), 500, "NODE_MISCONFIGURED");
    }

    @Test
    void whileTheStoreIsDownTheCallerIsToldToTryAgainAndIsAcceptedOnceItIsBack() throws Exception {
        try (StoreOutage outage = StoreOutage.begin(chain, LocalChain.CONSUMER.name())) {
            assertAnswer(post(VaccinationFlow.NAME, "outage"), 503, "STORE_UNAVAILABLE");
        }
        HttpResponse<String> accepted = post(VaccinationFlow.NAME, "outage");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        assertThat(body.get("messageId").asText()).isNotBlank();
    }
}
