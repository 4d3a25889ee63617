package nl.dkgw.gateway.msh;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.validation.PkioCertificateValidator;

/**
 * A peer on loopback that answers every ebMS post synchronously with a bare {@code text/xml} SOAP envelope (no MIME
 * wrapper), as the reference adapter does: the signal {@code answer} makes of the received message.
 */
final class TextXmlPeer implements AutoCloseable {

    private final HttpsServer server;

    TextXmlPeer(
            int port,
            KeyMaterial serverKey,
            TrustAnchors trusts,
            BiFunction<SignalFactory, EbmsMessage, EbmsMessage> answer)
            throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.create(
                serverKey, trusts, PkioCertificateValidator.builder(trusts).build())));
        SignalFactory signals = new SignalFactory(new MessageIds("text-xml-peer"));
        SoapWithAttachments mime = new SoapWithAttachments(16);
        server.createContext("/", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                MimeMessage parts = mime.unpack(exchange.getRequestHeaders().getFirst("Content-Type"), body);
                EbmsMessage received = new EnvelopeReader().read(SafeXml.parse(parts.envelope()), parts.payloads());
                byte[] reply = SafeXml.serialize(new EnvelopeWriter().write(answer.apply(signals, received)));
                respond(exchange, 200, reply);
            } catch (Exception e) {
                respond(exchange, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
