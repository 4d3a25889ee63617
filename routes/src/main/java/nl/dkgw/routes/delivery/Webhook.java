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
        answer(client.send(request.build(), HttpResponse.BodyHandlers.discarding()));
    }

    /**
     * POSTs one Grote Berichten file of a received message, its body streamed from disk, with its name, size,
     * checksum and place among the message's files in {@code X-Dkgw-File-*} headers. No answer timeout: a large file
     * takes as long as it takes; the connection timeout stays.
     */
    void postFile(Exchange exchange, ReceivedFiles.File file, int index, int count)
            throws IOException, InterruptedException {
        var message = exchange.getMessage();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", file.contentType())
                .header("X-Dkgw-Flow", message.getHeader(FlowHeaders.FLOW, "", String.class))
                .header("X-Dkgw-Message-Id", message.getHeader(FlowHeaders.MESSAGE_ID, "", String.class))
                .header("X-Dkgw-File-Name", file.filename())
                .header("X-Dkgw-File-Size", Long.toString(file.size()))
                .header("X-Dkgw-File-Checksum", file.checksum())
                .header("X-Dkgw-File-Index", Integer.toString(index))
                .header("X-Dkgw-File-Count", Integer.toString(count))
                .POST(HttpRequest.BodyPublishers.ofFile(file.path()));
        String conversation = message.getHeader(FlowHeaders.CONVERSATION_ID, String.class);
        if (conversation != null) {
            request.header("X-Dkgw-Conversation-Id", conversation);
        }
        answer(client.send(request.build(), HttpResponse.BodyHandlers.discarding()));
    }

    private void answer(HttpResponse<Void> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + url + " answered " + response.statusCode());
        }
    }
}
