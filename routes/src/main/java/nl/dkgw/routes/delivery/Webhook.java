package nl.dkgw.routes.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Delivers a received payload by POSTing it to an HTTP(S) webhook, with the ebMS MessageId in
 * {@code X-Dkgw-Message-Id} (the receiver uses it to ignore a repeated delivery). Anything but a 2xx answer fails the
 * delivery, so the message stays RECEIVED and is delivered again.
 */
public final class Webhook implements Processor {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    private final HttpClient client;

    public Webhook(String url) {
        this.url = URI.create(url);
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void process(Exchange exchange) throws IOException, InterruptedException {
        var message = exchange.getMessage();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/xml")
                .header("X-Dkgw-Flow", message.getHeader(FlowHeaders.FLOW, "", String.class))
                .header("X-Dkgw-Message-Id", message.getHeader(FlowHeaders.MESSAGE_ID, "", String.class))
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.getBody(byte[].class)));
        String conversation = message.getHeader(FlowHeaders.CONVERSATION_ID, String.class);
        if (conversation != null) {
            request.header("X-Dkgw-Conversation-Id", conversation);
        }
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + url + " answered " + response.statusCode());
        }
    }
}
