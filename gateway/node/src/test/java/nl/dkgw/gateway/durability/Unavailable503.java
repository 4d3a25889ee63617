package nl.dkgw.gateway.durability;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import nl.dkgw.testkit.FreePort;

/**
 * Stands in for a peer that is up but overloaded: an HTTPS server on the peer's ebMS port, with the peer's TLS server
 * credentials from the test PKI, answering every request 503 Service Unavailable.
 */
final class Unavailable503 implements AutoCloseable {

    private final HttpsServer server;
    private final AtomicInteger answered = new AtomicInteger();

    Unavailable503(int port, Path serverKeyStore, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(FreePort.loopback(), port), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "overloaded, try again later\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
                answered.incrementAndGet();
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
    }

    /** Requests answered 503 so far. */
    int answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
