package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The CLI's way to a running node: its admin API. */
final class AdminClient {

    /** A call did not succeed; the message is one readable line. */
    static final class AdminException extends Exception {
        AdminException(String message) {
            super(message);
        }
    }

    record Answer(int status, JsonNode json, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Prints the error as one line ("dkgw COMMAND: ...") when the call failed; true when it did. */
        boolean failed(String command) {
            if (ok()) {
                return false;
            }
            System.err.println("dkgw " + command + ": " + errorLine());
            return true;
        }

        String errorLine() {
            return json != null && json.has("error") ? json.get("error").asText() : "HTTP " + status + ": " + text;
        }
    }

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    AdminClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Answer get(String path) throws AdminException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Answer delete(String path) throws AdminException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    Answer postJson(String path, JsonNode body) throws AdminException {
        try {
            return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AdminException(e.getMessage());
        }
    }

    Answer postXml(String path, String xml) throws AdminException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
    }

    ObjectMapper json() {
        return json;
    }

    private Answer call(HttpRequest.Builder request) throws AdminException {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json")) {
                node = json.readTree(r.body());
            }
            return new Answer(r.statusCode(), node, r.body());
        } catch (ConnectException e) {
            throw new AdminException("no gateway answers at " + baseUrl + "; is it running (dkgw serve)?");
        } catch (IOException e) {
            throw new AdminException("calling " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
    }
}
