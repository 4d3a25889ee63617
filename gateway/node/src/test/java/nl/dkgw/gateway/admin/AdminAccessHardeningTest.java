package nl.dkgw.gateway.admin;

import static nl.dkgw.gateway.admin.AdminHttp.ADMIN_PW;
import static nl.dkgw.gateway.admin.AdminHttp.OPERATOR_PW;
import static nl.dkgw.gateway.admin.AdminHttp.VIEWER_PW;
import static nl.dkgw.gateway.admin.AdminHttp.basic;
import static nl.dkgw.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.http.AdminAccess;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings of the admin API's security review, each over real HTTP on two loopback nodes: payloads only with the
 * payloads permission whatever the method or MessageId, refusals audited, paths decoded once.
 */
@Slow
class AdminAccessHardeningTest {

    @TempDir
    static Path dir;

    private static final String KEEPER_PW = "keeper-password-1";
    private static final String[] VIEWER = basic("viewer", VIEWER_PW);
    private static final String[] OPERATOR = basic("operator", OPERATOR_PW);
    private static final String[] ADMIN = basic("admin", ADMIN_PW);
    /** An admin without the payloads permission. */
    private static final String[] KEEPER = basic("keeper", KEEPER_PW);

    private static final String SLASH_ID = "part/one@dkgw.test";
    private static final String PLUS_ID = "plus+one@dkgw.test";

    private static LocalChain chain;
    private static AdminHttp consumer;
    private static AdminHttp provider;
    private static String cpaId;
    private static long receivedPk;

    @BeforeAll
    static void startChain() throws Exception {
        List<GatewayConfig.User> users = new ArrayList<>(AdminHttp.users());
        users.add(new GatewayConfig.User("keeper", AdminHttp.hash(KEEPER_PW), "admin", false));
        chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                c -> c.withAdmin(c.admin().withUsers(users)));
        consumer = new AdminHttp(chain.consumer().adminPort());
        provider = new AdminHttp(chain.provider().adminPort());
        cpaId = chain.cpaId(Profile.OSB_RM);
        String plain = submit(null, "<plain/>");
        submit(SLASH_ID, "<slash/>");
        submit(PLUS_ID, "<plus/>");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> chain.provider().received(cpaId, null, 100).stream()
                        .map(StoredMessage::messageId)
                        .toList()
                        .containsAll(List.of(plain, SLASH_ID, PLUS_ID)));
        receivedPk = chain.provider().received(cpaId, null, 100).stream()
                .filter(m -> m.messageId().equals(plain))
                .findFirst()
                .orElseThrow()
                .pk();
        for (String id : List.of(SLASH_ID, PLUS_ID)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> NodeInternals.store(chain.consumer())
                            .messages()
                            .findByMessageId(id)
                            .map(m -> m.status() == MessageStatus.ACKNOWLEDGED || m.status() == MessageStatus.DELIVERED)
                            .orElse(false));
        }
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    private static String submit(String messageId, String xml) throws Exception {
        var body = AdminHttp.JSON
                .createObjectNode()
                .put("cpaId", cpaId)
                .put("service", LocalChain.serviceName(Profile.OSB_RM))
                .put("action", LocalChain.TO_PROVIDER);
        if (messageId != null) {
            body.put("messageId", messageId);
        }
        body.set(
                "payloads",
                AdminHttp.JSON
                        .createArrayNode()
                        .add(AdminHttp.JSON
                                .createObjectNode()
                                .put("contentType", "application/xml")
                                .put("text", xml)));
        HttpResponse<String> r = consumer.call("POST", "/api/messages", body.toString(), OPERATOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).get("messageId").asText();
    }

    private static JsonNode audit(AdminHttp node) throws Exception {
        return json(node.call("GET", "/api/audit?limit=1000", null, ADMIN)).get("events");
    }

    @Test
    void receivedPayloadsNeedThePayloadsPermissionWhateverTheMethod() throws Exception {
        String path = "/api/received/" + receivedPk;
        HttpResponse<String> viaProcessed = provider.call("GET", path + "/processed", null, VIEWER);
        assertThat(viaProcessed.statusCode()).as(viaProcessed.body()).isIn(403, 405);
        assertThat(viaProcessed.body()).doesNotContain("base64");
        for (String method : List.of("POST", "PUT", "OPTIONS")) {
            HttpResponse<String> r = provider.call(method, path, "{}", KEEPER);
            assertThat(r.statusCode()).as(method + ": " + r.body()).isIn(403, 405);
            assertThat(r.body()).as(method).doesNotContain("base64");
        }
        assertThat(provider.call("GET", path, null, VIEWER).statusCode()).isEqualTo(403);
        assertThat(provider.call("GET", path, null, KEEPER).statusCode()).isEqualTo(403);
        HttpResponse<String> allowed = provider.call("GET", path, null, ADMIN);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(json(allowed).get("payloads").get(0).get("base64").asText()).isNotEmpty();
    }

    @Test
    void aMessageIdWithASlashDoesNotOpenItsPayloadsToAViewer() throws Exception {
        String path = "/api/messages/" + SLASH_ID + "/payloads/0";
        HttpResponse<String> viewer = consumer.call("GET", path, null, VIEWER);
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
        HttpResponse<byte[]> admin = consumer.bytes(path, ADMIN);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(new String(admin.body(), StandardCharsets.UTF_8)).isEqualTo("<slash/>");
        assertThat(audit(consumer)).anySatisfy(e -> {
            assertThat(e.get("user").asText()).isEqualTo("admin");
            assertThat(e.get("action").asText()).isEqualTo("payload-download");
            assertThat(e.get("target").asText()).isEqualTo(SLASH_ID);
        });
    }

    @Test
    void aMessageIdWithAPlusIsFoundAsItIs() throws Exception {
        for (String path : List.of("/api/messages/plus+one@dkgw.test", "/api/messages/plus%2Bone%40dkgw.test")) {
            HttpResponse<String> r = consumer.call("GET", path, null, VIEWER);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            assertThat(json(r).path("message").path("messageId").asText()).isEqualTo(PLUS_ID);
        }
        // the links the API itself hands out work for '+' and '/' in a MessageId
        for (String id : List.of(PLUS_ID, SLASH_ID)) {
            JsonNode life = json(consumer.call("GET", "/api/messages/" + id, null, VIEWER));
            HttpResponse<byte[]> payload =
                    consumer.bytes(life.get("payloads").get(0).get("link").asText(), ADMIN);
            assertThat(payload.statusCode()).as(id).isEqualTo(200);
            assertThat(new String(payload.body(), StandardCharsets.UTF_8))
                    .startsWith(id.startsWith("plus") ? "<plus/>" : "<slash/>");
        }
    }

    @Test
    void whenEveryPasswordCheckIsBusyALoginIsAnswered503WithRetryAfter() throws Exception {
        int held = UserDirectory.PASSWORD_CHECKS.drainPermits();
        try {
            HttpResponse<String> login =
                    consumer.call("POST", "/api/login", "{\"username\":\"sprayed-name\",\"password\":\"whatever\"}");
            assertThat(login.statusCode()).as(login.body()).isEqualTo(503);
            assertThat(login.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(login).get("error").asText()).contains("busy");
            HttpResponse<String> basicCall = consumer.call("GET", "/api/cpas", null, basic("another-name", "x"));
            assertThat(basicCall.statusCode()).isEqualTo(503);
        } finally {
            UserDirectory.PASSWORD_CHECKS.release(held);
        }
        assertThat(consumer.call("POST", "/api/login", "{\"username\":\"viewer\",\"password\":\"" + VIEWER_PW + "\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutAuthenticationTheAdminPortMustStayOnLoopback() {
        GatewayConfig open = new GatewayConfig(
                null, null, GatewayConfig.Admin.withoutAuthentication("0.0.0.0", 0), null, null, null, null, null);
        assertThatThrownBy(() -> Gateway.start(open, dir.resolve("open")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("admin.auth: none")
                .hasMessageContaining("loopback")
                .hasMessageContaining("0.0.0.0");
        assertThat(AdminAccess.users(GatewayConfig.Admin.withoutAuthentication("127.0.0.1", 0), Clock.systemUTC()))
                .isNull();
        assertThat(AdminAccess.users(GatewayConfig.Admin.withoutAuthentication("::1", 0), Clock.systemUTC()))
                .isNull();
    }

    @Test
    void refusedRequestsAreAuditedAndALoginFromAnotherSiteIsRefused() throws Exception {
        String ping = "{\"cpaId\":\"" + cpaId + "\"}";
        HttpResponse<String> forged =
                consumer.call("POST", "/api/ping", ping, OPERATOR[0], OPERATOR[1], "Origin", "https://evil.example");
        assertThat(forged.statusCode()).isEqualTo(403);
        String cookie = consumer.login("operator", OPERATOR_PW);
        assertThat(consumer.call("POST", "/api/ping", ping, "Cookie", cookie).statusCode())
                .isEqualTo(403);
        HttpResponse<String> login = consumer.call(
                "POST",
                "/api/login",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PW + "\"}",
                "Origin",
                "https://evil.example");
        assertThat(login.statusCode()).isEqualTo(403);
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        // a path cannot forge audit or log lines either
        // (Jetty itself refuses control characters in a path; a Unicode line separator it lets through)
        HttpResponse<String> lineBreak =
                consumer.call("POST", "/api/messages/x%E2%80%A8event=forged/resend", null, OPERATOR);
        assertThat(lineBreak.statusCode()).as(lineBreak.body()).isEqualTo(404);

        JsonNode events = audit(consumer);
        assertThat(events)
                .anySatisfy(e -> assertThat(
                                e.get("user").asText() + " " + e.get("action").asText() + " "
                                        + e.get("outcome").asText())
                        .isEqualTo("operator ping refused: cross-site request"));
        assertThat(events)
                .anySatisfy(e -> assertThat(
                                e.get("user").asText() + " " + e.get("action").asText() + " "
                                        + e.get("outcome").asText())
                        .isEqualTo("operator ping refused: no X-Dkgw-Csrf header"));
        assertThat(events)
                .anySatisfy(e -> assertThat(e.get("action").asText() + " "
                                + e.get("outcome").asText())
                        .isEqualTo("login refused: cross-site request"));
        assertThat(events).anySatisfy(e -> assertThat(e.path("target").asText()).isEqualTo("x?event=forged"));
        assertThat(events)
                .noneSatisfy(e -> assertThat(e.path("target").asText()).contains("\u2028"));
    }

    @Test
    void theSessionCookieIsSecureBehindATlsProxy() throws Exception {
        HttpResponse<String> proxied = consumer.call(
                "POST",
                "/api/login",
                "{\"username\":\"viewer\",\"password\":\"" + VIEWER_PW + "\"}",
                "X-Forwarded-Proto",
                "https");
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("; Secure");
        HttpResponse<String> direct =
                consumer.call("POST", "/api/login", "{\"username\":\"viewer\",\"password\":\"" + VIEWER_PW + "\"}");
        assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContainIgnoringCase("secure");
    }
}
