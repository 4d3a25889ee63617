package nl.dkgw.gateway.diagnosis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;

/**
 * A partner's HTTPS endpoint on loopback (JDK HttpsServer) that requires a client certificate, presents the given
 * server credentials, trusts the given anchors and answers every request the same way.
 */
final class FakePartner implements AutoCloseable {

    private final HttpsServer server;

    private FakePartner(KeyMaterial serverKey, TrustAnchors trusts, CertificateValidator validator, HttpHandler handler)
            throws IOException {
        SSLContext context = TlsContexts.create(serverKey, trusts, validator);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", handler);
        server.start();
    }

    /** Answers every request with {@code status} and no body. */
    static FakePartner answering(int status, KeyMaterial serverKey, TrustAnchors trusts) throws IOException {
        return new FakePartner(
                serverKey,
                trusts,
                PkioCertificateValidator.builder(trusts).build(),
                exchange -> respond(exchange, status, null, new byte[0]));
    }

    /** Answers every request with {@code status}; checks client certificates against the CRLs in {@code crlDir}. */
    static FakePartner checkingCrls(int status, KeyMaterial serverKey, TrustAnchors trusts, Path crlDir)
            throws IOException {
        return new FakePartner(
                serverKey,
                trusts,
                PkioCertificateValidator.builder(trusts)
                        .crlSource(new DirectoryCrlSource(crlDir))
                        .build(),
                exchange -> respond(exchange, status, null, new byte[0]));
    }

    /** Answers every request with {@code status} and the given body. */
    static FakePartner answering(
            int status, String contentType, byte[] body, KeyMaterial serverKey, TrustAnchors trusts)
            throws IOException {
        return new FakePartner(
                serverKey,
                trusts,
                PkioCertificateValidator.builder(trusts).build(),
                exchange -> respond(exchange, status, contentType, body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        boolean empty = body.length == 0 || status == 204;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** The ebMS endpoint URL of this fake partner. */
    URI endpoint() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/ebms");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
