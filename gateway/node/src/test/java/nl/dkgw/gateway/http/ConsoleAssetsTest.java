package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files come from the class path with a strict CSP, and nothing else is reachable through them. */
class ConsoleAssetsTest {

    private static Server server;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new ConsoleAssets());
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootAndTheBareFolderRedirectToTheConsole() throws Exception {
        for (String path : new String[] {"/", "/console"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).hasValue("/console/");
        }
    }

    @Test
    void thePageAndItsScriptAndStyleAreServedWithTheirTypesAndAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body())
                .contains("<script src=\"assets/console.js\" defer></script>")
                .doesNotContain("<script>")
                .doesNotContain("style=");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        HttpResponse<String> login = get("/console/login.html");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body())
                .contains("<script src=\"assets/login.js\" defer></script>")
                .doesNotContain("<script>");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValue(csp);

        HttpResponse<String> script = get("/console/assets/console.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("X-Dkgw-Csrf").doesNotContain("innerHTML");
        assertThat(get("/console/assets/login.js").body())
                .contains("/api/login")
                .doesNotContain("innerHTML");
        assertThat(get("/console/assets/console.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void namesOutsideTheConsoleFolderAreNotFound() throws Exception {
        for (String path : new String[] {
            "/console/../logback.xml",
            "/console/%2e%2e/logback.xml",
            "/console/nl/dkgw/gateway/Gateway.class",
            "/console/assets/missing.js",
            "/console/assets/console.JS",
            "/console/console.js",
            "/console/assets/sub/x.js",
            "/console/assets/%2e%2e/index.html"
        }) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("<configuration");
        }
    }

    @Test
    void theFilesAreReadOnly() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/console/index.html"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }
}
