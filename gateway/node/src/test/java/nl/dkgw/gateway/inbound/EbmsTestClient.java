package nl.dkgw.gateway.inbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.pki.validation.PkioCertificateValidator;

/**
 * A raw ebMS client for hostile tests: posts exactly the bytes and Content-Type it is given to a node's HTTPS endpoint
 * over real mutual TLS (with whatever client credentials it was made with), and reads the answer with the gateway's
 * own MIME and envelope readers.
 */
final class EbmsTestClient {

    /**
     * One HTTP request as the test wants it on the wire. A null content type sends no Content-Type header, a null
     * SOAPAction no SOAPAction header.
     */
    record Post(String method, String path, String contentType, byte[] body, boolean chunked, String soapAction) {
        static Post of(String contentType, byte[] body) {
            return new Post("POST", "/ebms", contentType, body, false, "\"ebXML\"");
        }

        static Post of(String contentType, String body) {
            return of(contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        Post withMethod(String m) {
            return new Post(m, path, contentType, body, chunked, soapAction);
        }

        Post withPath(String p) {
            return new Post(method, p, contentType, body, chunked, soapAction);
        }

        /** Sends the body with chunked transfer coding, so the server cannot see its size up front. */
        Post chunkedBody() {
            return new Post(method, path, contentType, body, true, soapAction);
        }

        Post withSoapAction(String value) {
            return new Post(method, path, contentType, body, chunked, value);
        }
    }

    /** The HTTP answer; {@link #signal()} reads it as an ebMS message. */
    record Answer(int status, String contentType, byte[] body) {

        /** The body as an ebMS message, or an assertion failure saying why it is not one. */
        EbmsMessage signal() {
            if (contentType == null || body.length == 0) {
                throw new AssertionError("HTTP " + status + " carries no ebMS message (Content-Type " + contentType
                        + ", " + body.length + " bytes): " + text());
            }
            try {
                MimeMessage parts = new SoapWithAttachments(100).unpack(contentType, body);
                return new EnvelopeReader().read(SafeXml.parse(parts.envelope()), parts.payloads());
            } catch (Exception e) {
                throw new AssertionError(
                        "HTTP " + status + " answer is not a readable ebMS message (" + e + "): " + text(), e);
            }
        }

        /** The eb:Error elements of a MessageError answer. */
        List<EbmsError> errors() {
            return signal().errors();
        }

        String text() {
            String s = new String(body, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " (" + contentType + "): " + text();
        }
    }

    private final SSLContext context;
    private final HttpClient http;
    private final int port;

    EbmsTestClient(KeyMaterial clientCredentials, TrustAnchors anchors, int port) {
        SSLContext context = TlsContexts.create(
                clientCredentials,
                anchors,
                PkioCertificateValidator.builder(anchors).build());
        this.context = context;
        SSLParameters parameters = context.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.port = port;
    }

    Answer send(Post post) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = post.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : post.chunked()
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(post.body()))
                        : HttpRequest.BodyPublishers.ofByteArray(post.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + post.path()))
                .timeout(Duration.ofSeconds(30))
                .method(post.method(), publisher);
        if (post.soapAction() != null) {
            request.header("SOAPAction", post.soapAction());
        }
        if (post.contentType() != null) {
            request.header("Content-Type", post.contentType());
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    /**
     * Sends a POST head with the given framing header and then only {@code bodyStart}, over its own mutual-TLS
     * socket, and reads the answer without ever sending the rest of the body: what a server that judges a request by
     * its head (or by a first part of its body) answers. HttpClient cannot do this: it reads no answer before it has
     * sent the whole body.
     */
    Answer sendIncomplete(String contentType, String framingHeader, byte[] bodyStart) throws IOException {
        String head = "POST /ebms HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: " + contentType
                + "\r\nSOAPAction: \"ebXML\"\r\n" + framingHeader + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + bodyStart.length);
        System.arraycopy(bodyStart, 0, request, headBytes.length, bodyStart.length);
        return sendRaw(request);
    }

    /**
     * Sends exactly these bytes (request line, headers and whatever follows) over its own mutual-TLS socket and reads
     * the answer, without sending anything more.
     */
    Answer sendRaw(byte[] request) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            TlsPolicy.applyTo(parameters);
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] words = statusLine.split(" ", 3);
        if (words.length < 2 || !words[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: '" + statusLine + "'");
        }
        String contentType = null;
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Answer(Integer.parseInt(words[1]), contentType, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the answer's head after '" + sb + "'");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
