package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

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
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private final String authorization;

    AdminClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.authorization = null;
    }

    /** A client that authenticates as {@code user} with HTTP Basic. */
    AdminClient(String baseUrl, String user, char[] password) {
        this.baseUrl = baseUrl;
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[bytes.remaining()];
        bytes.get(pw);
        byte[] name = (user + ":").getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[name.length + pw.length];
        System.arraycopy(name, 0, both, 0, name.length);
        System.arraycopy(pw, 0, both, name.length, pw.length);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(both);
        Arrays.fill(pw, (byte) 0);
        Arrays.fill(both, (byte) 0);
        Arrays.fill(password, '\0');
    }

    Answer get(String path) throws AdminException {
        return call(request(path).GET());
    }

    Answer delete(String path) throws AdminException {
        return call(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    Answer postJson(String path, JsonNode body) throws AdminException {
        try {
            return call(request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            throw new AdminException(e.getMessage());
        }
    }

    Answer postXml(String path, String xml) throws AdminException {
        return call(request(path)
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
    }

    /**
     * Posts a file as the request body, streamed from disk with its length (never read whole), reporting progress;
     * no overall timeout, as an upload takes as long as the file is large.
     */
    Answer postFile(String path, java.nio.file.Path file, String contentType, UploadProgress progress)
            throws AdminException {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new AdminException("cannot read " + file + ": " + e.getMessage());
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return progress.counting(java.nio.file.Files.newInputStream(file));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }),
                size);
        try {
            return call(
                    request(path)
                            .header("Content-Type", contentType)
                            .expectContinue(true)
                            .POST(body),
                    null);
        } finally {
            progress.finish();
        }
    }

    ObjectMapper json() {
        return json;
    }

    private Answer call(HttpRequest.Builder request) throws AdminException {
        return call(request, Duration.ofMinutes(2));
    }

    /** One call; {@code timeout} null: none. */
    private Answer call(HttpRequest.Builder request, Duration timeout) throws AdminException {
        try {
            HttpResponse<String> r = client.send(
                    (timeout == null ? request : request.timeout(timeout)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json")) {
                node = json.readTree(r.body());
            }
            if (r.statusCode() == 401) {
                String why =
                        node != null && node.has("error") ? node.get("error").asText() : "HTTP 401";
                return new Answer(
                        401,
                        json.createObjectNode()
                                .put(
                                        "error",
                                        why + " (give --user NAME or " + "DKGW_ADMIN_USER, and DKGW_ADMIN_PASSWORD)"),
                        r.body());
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
