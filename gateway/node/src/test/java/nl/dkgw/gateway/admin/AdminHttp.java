package nl.dkgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import nl.dkgw.gateway.config.GatewayConfig;

/** Real HTTP calls on a node's admin port, as a Basic user, with a session cookie, or anonymously. */
final class AdminHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VIEWER_PW = "viewer-password-1";
    static final String OPERATOR_PW = "operator-password-1";
    static final String ADMIN_PW = "admin-password-123";

    /** viewer, operator, admin (with payloads), and a second viewer to lock out. */
    static List<GatewayConfig.User> users() {
        return List.of(
                new GatewayConfig.User("viewer", hash(VIEWER_PW), "viewer", false),
                new GatewayConfig.User("operator", hash(OPERATOR_PW), "operator", false),
                new GatewayConfig.User("admin", hash(ADMIN_PW), "admin", true),
                new GatewayConfig.User("victim", hash("victim-password-1"), "viewer", false));
    }

    static String hash(String password) {
        return PasswordHash.hash(password.toCharArray());
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    AdminHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    /** One call; {@code headers} are name, value pairs. */
    HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String[] basic(String user, String password) {
        return new String[] {
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
        };
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Logs in; returns the session cookie ("dkgw_session=..."). */
    String login(String user, String password) throws Exception {
        HttpResponse<String> r = call(
                "POST",
                "/api/login",
                JSON.createObjectNode()
                        .put("username", user)
                        .put("password", password)
                        .toString());
        if (r.statusCode() != 200) {
            throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
