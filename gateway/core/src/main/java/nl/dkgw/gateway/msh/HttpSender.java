package nl.dkgw.gateway.msh;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.mime.PackedMessage;

/** Posts packed ebMS messages over mutual TLS (HTTP/1.1, SOAPAction "ebXML") and types the outcome. */
public final class HttpSender implements PeerTransport {

    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpSender(
            SSLContext sslContext, SSLParameters sslParameters, Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(sslContext)
                .sslParameters(sslParameters)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public SendOutcome post(URI endpoint, PackedMessage message) {
        OpenedBodies opened = new OpenedBodies();
        try {
            return post(endpoint, message, opened);
        } finally {
            opened.closeAll();
        }
    }

    private SendOutcome post(URI endpoint, PackedMessage message, OpenedBodies opened) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", message.contentType())
                .header("SOAPAction", "\"ebXML\"")
                .POST(body(message, opened))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return new SendOutcome.Retryable(null, "no answer from " + endpoint + " within " + requestTimeout);
        } catch (ConnectException e) {
            return new SendOutcome.Retryable(null, "cannot connect to " + endpoint + ": " + describe(e));
        } catch (SSLHandshakeException e) {
            return new SendOutcome.Retryable(null, "TLS handshake with " + endpoint + " failed: " + describe(e));
        } catch (IOException e) {
            return new SendOutcome.Retryable(null, "posting to " + endpoint + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Retryable(null, "interrupted while posting to " + endpoint);
        }
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (status >= 200 && status < 300) {
            return new SendOutcome.Accepted(status, contentType, response.body());
        }
        if (status >= 500) {
            return new SendOutcome.Retryable(status, "HTTP " + status + " from " + endpoint);
        }
        return new SendOutcome.Refused(status, contentType, response.body(), "HTTP " + status + " from " + endpoint);
    }

    /**
     * The body streamed from the message's parts, with its Content-Length when every part's size is known (chunked
     * otherwise). Each stream the client opens is kept in {@code opened} and closed after the exchange, also when it
     * failed half way (the client closes a stream itself only when it read it to its end).
     */
    private static HttpRequest.BodyPublisher body(PackedMessage message, OpenedBodies opened) {
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> opened.add(message.open()));
        long length = message.length();
        return length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    /** The body streams opened for one post. */
    private static final class OpenedBodies {
        private final List<InputStream> streams = new ArrayList<>();

        synchronized InputStream add(InputStream in) {
            streams.add(in);
            return in;
        }

        synchronized void closeAll() {
            for (InputStream in : streams) {
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing was written through it that could be lost; the outcome is already decided
                }
            }
            streams.clear();
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null && sb.indexOf(t.getMessage()) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(t.getMessage());
            }
        }
        return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
    }
}
