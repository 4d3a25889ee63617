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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/received?cpaId=&service=&action=} lists only the received messages of that CPA, service and action
 * (each optional), over HTTP. The receiving node holds messages of two CPAs (two services) and, in one CPA, of two
 * actions. All admin calls go through {@link #get}, the one place a credential would be added.
 */
@Slow
class ReceivedFilterApiTest {

    private static final String OTHER_ACTION = "SendOtherResult";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void receivedMessagesAreFilteredByCpaServiceAndAction() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_BE), SyncReplyMode.NONE)) {
            String beCpa = chain.cpaId(Profile.OSB_BE);
            String rmCpa = chain.importEverywhere(chain.generateCpa(
                    Profile.OSB_RM,
                    Duration.ofSeconds(1),
                    SyncReplyMode.NONE,
                    List.of(
                            new ActionSpec(LocalChain.TO_PROVIDER, ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                            new ActionSpec(OTHER_ACTION, ActionSpec.Direction.CONSUMER_TO_PROVIDER))));
            String rmService = LocalChain.serviceName(Profile.OSB_RM);
            String beService = LocalChain.serviceName(Profile.OSB_BE);
            String rmFirst = send(chain, rmCpa, rmService, LocalChain.TO_PROVIDER);
            String rmOther = send(chain, rmCpa, rmService, OTHER_ACTION);
            String be = send(chain, beCpa, beService, LocalChain.TO_PROVIDER);
            String receiver = "http://127.0.0.1:" + chain.provider().adminPort();
            await("three messages received")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> ids(get(receiver, "/api/received")).size() == 3);

            assertThat(ids(get(receiver, "/api/received?cpaId=" + q(rmCpa))))
                    .containsExactlyInAnyOrder(rmFirst, rmOther);
            assertThat(ids(get(receiver, "/api/received?cpaId=" + q(beCpa)))).containsExactly(be);
            assertThat(ids(get(receiver, "/api/received?service=" + q(beService))))
                    .containsExactly(be);
            assertThat(ids(get(receiver, "/api/received?action=" + q(LocalChain.TO_PROVIDER))))
                    .containsExactlyInAnyOrder(rmFirst, be);
            assertThat(ids(get(
                            receiver,
                            "/api/received?cpaId=" + q(rmCpa) + "&service=" + q(rmService) + "&action="
                                    + q(OTHER_ACTION))))
                    .containsExactly(rmOther);
            assertThat(ids(get(receiver, "/api/received?cpaId=" + q(beCpa) + "&action=" + q(OTHER_ACTION))))
                    .isEmpty();
            assertThat(ids(get(
                            receiver,
                            "/api/received?cpaId=" + q(rmCpa) + "&action=" + q(OTHER_ACTION) + "&status=RECEIVED")))
                    .containsExactly(rmOther);
        }
    }

    private static String send(LocalChain chain, String cpaId, String service, String action) throws Exception {
        return chain.consumer()
                .submit(new Submission(
                        cpaId,
                        service,
                        action,
                        List.of(new Submission.Part(
                                "text/plain", (service + " " + action).getBytes(StandardCharsets.UTF_8), null)),
                        null,
                        null,
                        null))
                .messageId();
    }

    /** One admin API GET; expects 200 and JSON. */
    private JsonNode get(String admin, String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(admin + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(pathAndQuery + ": " + response.body())
                .isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        StreamSupport.stream(list.spliterator(), false)
                .forEach(m -> ids.add(m.get("messageId").asText()));
        return ids;
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
