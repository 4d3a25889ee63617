package nl.dkgw.chain.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.diagnosis.NodeCredentials;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;

/**
 * Posts an ebMS message exactly as given (envelope and parts, packed as the gateway packs them) over the node's own
 * mutual TLS, for the tests that must put something on the wire the gateway would never send itself: a MessageId
 * again, a wrong CPA id, a removed or broken signature.
 */
final class WirePoster {

    private static final int MAX_EVIDENCE = 4000;

    private final HttpClient client;
    private final SoapWithAttachments mime = new SoapWithAttachments(1000);
    private final Duration timeout;

    WirePoster(GatewayNode node, Duration timeout) {
        NodeCredentials credentials = NodeCredentials.load(node.config(), node.baseDir());
        SSLContext context =
                TlsContexts.create(credentials.clientKey(), credentials.anchors(), credentials.validator());
        SSLParameters parameters = context.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /** The HTTP status of a HEAD on {@code url} over this gateway's mutual TLS (its own client certificate). */
    int head(URI url) throws IOException, InterruptedException {
        return client.send(
                        HttpRequest.newBuilder(url)
                                .timeout(timeout)
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    WireAnswer post(URI endpoint, byte[] envelope, List<Payload> payloads) {
        PackedMessage packed = mime.pack(envelope, payloads);
        HttpResponse<byte[]> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", packed.contentType())
                            .header("SOAPAction", "\"ebXML\"")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(packed.body()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WireAnswer(null, WireAnswer.Kind.NO_ANSWER, "interrupted", null);
        } catch (Exception e) {
            return new WireAnswer(null, WireAnswer.Kind.NO_ANSWER, "no answer from " + endpoint + ": " + e, null);
        }
        return read(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    private WireAnswer read(int status, String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return new WireAnswer(status, WireAnswer.Kind.EMPTY, "an empty answer", null);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String shown = text.length() > MAX_EVIDENCE ? text.substring(0, MAX_EVIDENCE) + "..." : text;
        try {
            MimeMessage parts = mime.unpack(contentType, body);
            EbmsMessage answer = new EnvelopeReader().read(SafeXml.parse(parts.envelope()), List.of());
            String envelopeText = new String(parts.envelope(), StandardCharsets.UTF_8);
            if (answer.isErrorMessage()) {
                return new WireAnswer(
                        status,
                        WireAnswer.Kind.MESSAGE_ERROR,
                        "ebMS MessageError: "
                                + answer.errors().stream().map(Object::toString).collect(Collectors.joining("; ")),
                        envelopeText);
            }
            if (answer.acknowledgment() != null) {
                return new WireAnswer(
                        status,
                        WireAnswer.Kind.ACKNOWLEDGMENT,
                        "ebMS Acknowledgment of " + answer.acknowledgment().refToMessageId(),
                        envelopeText);
            }
            return new WireAnswer(
                    status, WireAnswer.Kind.OTHER, "ebMS " + answer.header().action(), envelopeText);
        } catch (Exception e) {
            if (text.contains("Fault>") && text.contains("faultcode")) {
                return new WireAnswer(status, WireAnswer.Kind.SOAP_FAULT, "a SOAP Fault", shown);
            }
            return new WireAnswer(status, WireAnswer.Kind.OTHER, "a non-ebMS answer", shown);
        }
    }
}
