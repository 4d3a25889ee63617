package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.KeylessChain;
import nl.dkgw.gateway.StoreOutage;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission the node does not accept is answered with the status of its reason, the reason by name and whether
 * it is retryable: only a store that is down gives 503 (with Retry-After), a node without a signing key on a signed
 * CPA is the node's fault (500), an unknown CPA or action the caller's (422).
 */
@Slow
class SubmissionAnswersTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    static LocalChain chain;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        // both nodes run without a signing key: the unsigned CPA works, the signed one cannot be sent on
        chain = KeylessChain.start(dir);
        admin = "http://127.0.0.1:" + chain.consumer().adminPort();
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    static ObjectNode submission(Profile profile, String action) {
        ObjectNode s = JSON.createObjectNode()
                .put("cpaId", chain.cpaId(profile))
                .put("service", LocalChain.serviceName(profile))
                .put("action", action);
        s.putArray("payloads").addObject().put("contentType", "application/xml").put("text", "<a/>");
        return s;
    }

    static HttpResponse<String> submit(ObjectNode body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + "/api/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void assertRefused(HttpResponse<String> answer, int status, String reason) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("reason").asText()).isEqualTo(reason);
        assertThat(body.get("retryable").asBoolean()).isEqualTo(status == 503);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(answer.headers().firstValue("Retry-After").isPresent()).isEqualTo(status == 503);
    }

    @Test
    void anUnknownCpaIsTheCallersToFix() throws Exception {
        assertRefused(
                submit(submission(Profile.OSB_RM, LocalChain.TO_PROVIDER).put("cpaId", "no-such-cpa")),
                422,
                "UNKNOWN_CPA");
    }

    @Test
    void anActionTheCpaDoesNotAllowIsTheCallersToFix() throws Exception {
        assertRefused(submit(submission(Profile.OSB_RM, "NoSuchAction")), 422, "NOT_ALLOWED_BY_CPA");
    }

    @Test
    void aContentIdThatCannotBeAMimeHeaderIsABadRequest() throws Exception {
        ObjectNode s = submission(Profile.OSB_RM, LocalChain.TO_PROVIDER);
        ((ObjectNode) s.get("payloads").get(0)).put("contentId", "has a space");
        assertRefused(submit(s), 400, "MALFORMED");
    }

    @Test
    void aConversationIdLongerThanTheStoreKeepsIsRefused() throws Exception {
        assertRefused(
                submit(submission(Profile.OSB_RM, LocalChain.TO_PROVIDER).put("conversationId", "c".repeat(300))),
                422,
                "VALUE_TOO_LONG");
    }

    @Test
    void aSignedCpaOnANodeWithoutSigningKeyIsTheNodesFaultNotTheCallers() throws Exception {
        HttpResponse<String> answer = submit(submission(Profile.OSB_RM_S, LocalChain.TO_PROVIDER));
        assertRefused(answer, 500, "NODE_MISCONFIGURED");
        assertThat(answer.body()).contains("security.signing-key");
    }

    @Test
    void whileTheStoreIsDownASubmissionIs503WithRetryAfterAndAcceptedOnceItIsBack() throws Exception {
        ObjectNode s = submission(Profile.OSB_RM, LocalChain.TO_PROVIDER).put("messageId", "outage-1@dkgw.test");
        try (StoreOutage outage = StoreOutage.begin(chain, LocalChain.CONSUMER.name())) {
            HttpResponse<String> answer = submit(s);
            assertRefused(answer, 503, "STORE_UNAVAILABLE");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        }
        assertThat(submit(s).statusCode()).isEqualTo(202);
    }
}
