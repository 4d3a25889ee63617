package nl.dkgw.gateway.admin;

import static nl.dkgw.gateway.admin.AdminHttp.ADMIN_PW;
import static nl.dkgw.gateway.admin.AdminHttp.OPERATOR_PW;
import static nl.dkgw.gateway.admin.AdminHttp.VIEWER_PW;
import static nl.dkgw.gateway.admin.AdminHttp.basic;
import static nl.dkgw.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, roles, sessions, CSRF guard, login throttle and audit of the admin port, over real HTTP. */
@Slow
class AdminAuthenticationTest {

    @TempDir
    static Path dir;

    private static LocalChain chain;
    private static AdminHttp node;
    private static String cpaId;

    @BeforeAll
    static void startChain() throws Exception {
        List<GatewayConfig.User> users = AdminHttp.users();
        chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                c -> c.withAdmin(c.admin().withUsers(users)));
        node = new AdminHttp(chain.consumer().adminPort());
        cpaId = chain.cpaId(Profile.OSB_RM);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    @Test
    void withoutCredentialsOnlyTheHealthChecksAndTheLoginPageAreOpen() throws Exception {
        for (String path : List.of("/api/cpas", "/metrics", "/api/messages/x", "/api/me", "/api/audit")) {
            HttpResponse<String> r = node.call("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .as(path)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"dkgw\""));
            assertThat(json(r).get("error").asText()).contains("authentication required");
        }
        assertThat(node.call("POST", "/api/ping", "{\"cpaId\":\"" + cpaId + "\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(node.call("GET", "/health/live", null).statusCode()).isEqualTo(200);
        assertThat(node.call("GET", "/health/ready", null).statusCode()).isEqualTo(200);
        // the console asks for the password itself: no browser dialog header on its requests
        assertThat(node.call("GET", "/api/me", null, "X-Dkgw-Csrf", "1")
                        .headers()
                        .firstValue("WWW-Authenticate"))
                .isEmpty();
        HttpResponse<String> page = node.call("GET", "/console/index.html", null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login.html");
        assertThat(node.call("GET", "/api/cpas", null, basic("viewer", "wrong-password"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(node.call("GET", "/api/cpas", null, basic("nobody", "whatever"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void basicAuthenticationGivesEachRoleWhatItMayDo() throws Exception {
        assertThat(node.call("GET", "/api/cpas", null, basic("viewer", VIEWER_PW))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> metrics = node.call("GET", "/metrics", null, basic("viewer", VIEWER_PW));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("dkgw_");

        String ping = "{\"cpaId\":\"" + cpaId + "\"}";
        HttpResponse<String> viewerPing = node.call("POST", "/api/ping", ping, basic("viewer", VIEWER_PW));
        assertThat(viewerPing.statusCode()).isEqualTo(403);
        assertThat(json(viewerPing).get("error").asText()).contains("operator");
        HttpResponse<String> operatorPing = node.call("POST", "/api/ping", ping, basic("operator", OPERATOR_PW));
        assertThat(operatorPing.statusCode()).isEqualTo(200);
        assertThat(json(operatorPing).get("pong").asBoolean()).isTrue();

        String purge = "{\"dryRun\":true}";
        assertThat(node.call("POST", "/api/purge", purge, basic("operator", OPERATOR_PW))
                        .statusCode())
                .isEqualTo(403);
        assertThat(node.call("DELETE", "/api/cpas/nope", null, basic("operator", OPERATOR_PW))
                        .statusCode())
                .isEqualTo(403);
        assertThat(node.call("POST", "/api/purge", purge, basic("admin", ADMIN_PW))
                        .statusCode())
                .isEqualTo(200);
        assertThat(node.call("GET", "/api/audit", null, basic("operator", OPERATOR_PW))
                        .statusCode())
                .isEqualTo(403);

        JsonNode events = json(node.call("GET", "/api/audit?limit=200", null, basic("admin", ADMIN_PW)))
                .get("events");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("user").asText()).isEqualTo("viewer");
            assertThat(e.get("action").asText()).isEqualTo("ping");
            assertThat(e.get("outcome").asText()).isEqualTo("denied");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("user").asText()).isEqualTo("operator");
            assertThat(e.get("action").asText()).isEqualTo("ping");
            assertThat(e.get("target").asText()).isEqualTo(cpaId);
            assertThat(e.get("outcome").asText()).isEqualTo("success");
            assertThat(e.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("user").asText()).isEqualTo("admin");
            assertThat(e.get("action").asText()).isEqualTo("purge");
        });
    }

    @Test
    void aConsoleSessionWorksWithTheCsrfHeaderAndEndsAtLogout() throws Exception {
        HttpResponse<String> login =
                node.call("POST", "/api/login", "{\"username\":\"operator\",\"password\":\"" + OPERATOR_PW + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(json(login).get("role").asText()).isEqualTo("operator");
        assertThat(json(login).get("payloads").asBoolean()).isFalse();
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("dkgw_session=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        // 256 random bits, base64url without padding
        assertThat(cookie.substring("dkgw_session=".length())).hasSize(43);

        HttpResponse<String> me = node.call("GET", "/api/me", null, "Cookie", cookie);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("username").asText()).isEqualTo("operator");

        String ping = "{\"cpaId\":\"" + cpaId + "\"}";
        HttpResponse<String> noCsrf = node.call("POST", "/api/ping", ping, "Cookie", cookie);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(json(noCsrf).get("error").asText()).contains("X-Dkgw-Csrf");
        assertThat(node.call("POST", "/api/ping", ping, "Cookie", cookie, "X-Dkgw-Csrf", "1")
                        .statusCode())
                .isEqualTo(200);
        // same-origin console requests pass; a forged cross-site request is refused even with Basic credentials
        assertThat(node.call("POST", "/api/ping", ping, "Cookie", cookie, "X-Dkgw-Csrf", "1", "Origin", node.base())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> forged = node.call(
                "POST",
                "/api/ping",
                ping,
                basic("operator", OPERATOR_PW)[0],
                basic("operator", OPERATOR_PW)[1],
                "Origin",
                "https://evil.example");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(json(forged).get("error").asText()).contains("cross-site");

        assertThat(node.call("POST", "/api/logout", null, "Cookie", cookie, "X-Dkgw-Csrf", "1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(node.call("GET", "/api/me", null, "Cookie", cookie).statusCode())
                .isEqualTo(401);
        assertThat(node.call("POST", "/api/login", "{\"username\":\"operator\",\"password\":\"nope\"}")
                        .statusCode())
                .isEqualTo(401);
        JsonNode events = json(node.call("GET", "/api/audit", null, basic("admin", ADMIN_PW)))
                .get("events");
        assertThat(events)
                .anySatisfy(e -> assertThat(
                                e.get("action").asText() + " " + e.get("user").asText() + " "
                                        + e.get("outcome").asText())
                        .isEqualTo("login operator success"));
        assertThat(events)
                .anySatisfy(e -> assertThat(
                                e.get("action").asText() + " " + e.get("user").asText())
                        .isEqualTo("logout operator"));
        assertThat(events)
                .anySatisfy(e -> assertThat(
                                e.get("action").asText() + " " + e.get("user").asText() + " "
                                        + e.get("outcome").asText())
                        .isEqualTo("login operator failure (console)"));
        assertThat(events.toString()).doesNotContain(OPERATOR_PW).doesNotContain("\"nope\"");
    }

    @Test
    void repeatedFailedLoginsLockTheUserEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(node.call("GET", "/api/cpas", null, basic("victim", "guess-" + i))
                            .statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> locked = node.call("GET", "/api/cpas", null, basic("victim", "victim-password-1"));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(node.call("POST", "/api/login", "{\"username\":\"victim\",\"password\":\"victim-password-1\"}")
                        .statusCode())
                .isEqualTo(429);
        // other users are not affected
        assertThat(node.call("GET", "/api/cpas", null, basic("viewer", VIEWER_PW))
                        .statusCode())
                .isEqualTo(200);
        // a user name cannot forge log or audit lines
        assertThat(node.call("GET", "/api/cpas", null, basic("evil\nevent=forged", "x"))
                        .statusCode())
                .isEqualTo(401);
        JsonNode events = json(node.call("GET", "/api/audit?limit=500", null, basic("admin", ADMIN_PW)))
                .get("events");
        assertThat(events).anySatisfy(e -> assertThat(e.get("user").asText()).isEqualTo("evil?event=forged"));
        assertThat(events).noneSatisfy(e -> assertThat(e.get("user").asText()).contains("\n"));
    }

    @Test
    void aNodeWithoutUsersRefusesToStartUnlessAuthenticationIsSwitchedOffExplicitly() {
        GatewayConfig config = new GatewayConfig(
                null, null, new GatewayConfig.Admin("127.0.0.1", 0, null), null, null, null, null, null);
        assertThatThrownBy(() -> Gateway.start(config, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("admin.users is empty")
                .hasMessageContaining("admin.auth: none");
        GatewayConfig badHash = config.withAdmin(
                config.admin().withUsers(List.of(new GatewayConfig.User("x", "plain-text", "admin", false))));
        assertThatThrownBy(() -> Gateway.start(badHash, dir))
                .hasMessageContaining("admin.users[0] (x)")
                .hasMessageContaining("Argon2id");
        GatewayConfig badRole = config.withAdmin(config.admin()
                .withUsers(List.of(new GatewayConfig.User("x", AdminHttp.hash("long-enough-pw"), "root", false))));
        assertThatThrownBy(() -> Gateway.start(badRole, dir)).hasMessageContaining("viewer, operator or admin");
    }

    @Test
    void hashPasswordPrintsAnArgon2idHashThatVerifiesOnlyThatPassword() throws Exception {
        String out = runCli("correct horse battery\n", "admin", "hash-password");
        assertThat(out).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        PasswordHash hash = PasswordHash.parse(out.trim());
        assertThat(hash.matches("correct horse battery".toCharArray())).isTrue();
        assertThat(hash.matches("correct horse batterY".toCharArray())).isFalse();
        assertThat(PasswordHash.hash("correct horse battery".toCharArray())).isNotEqualTo(out.trim());
    }

    @Test
    void theCliAuthenticatesWithUserAndPassword() throws Exception {
        Path config = dir.resolve("cli.yml");
        Files.writeString(config, "admin:\n  port: " + chain.consumer().adminPort() + "\n");
        String out =
                runCli(OPERATOR_PW + "\n", "ping", "--config", config.toString(), "--user", "operator", "--cpa", cpaId);
        assertThat(out).contains("Pong: Pong from");
        String refused = runCli("", "ping", "--config", config.toString(), "--cpa", cpaId);
        assertThat(refused).contains("--user");
    }

    /** Runs the CLI in this JVM with {@code stdin}; returns stdout followed by stderr. */
    private static String runCli(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            Main.run(all.toArray(String[]::new));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
