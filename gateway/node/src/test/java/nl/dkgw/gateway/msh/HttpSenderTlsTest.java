package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.pki.validation.CertificateValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpSender over real mutual TLS on loopback: the client certificate is presented, a kept-alive connection carries
 * the next post (one TLS connection counted for several posts), and a server whose certificate names another host
 * is refused in the handshake, as {@code java.net.http} refused it.
 */
class HttpSenderTlsTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(5);
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger withClientCertificate = new AtomicInteger();
    private HttpsServer server;
    private HttpSender sender;

    @TempDir
    Path dir;

    private TestPki pki;
    private TrustAnchors anchors;
    private CertificateValidator validator;

    @BeforeEach
    void pki() {
        pki = TestPki.generate(
                dir.resolve("pki"),
                List.of(
                        new PartySpec("alice", "00000099000000001000", "localhost"),
                        new PartySpec("carol", "00000099000000009000", "carol.example.nl")));
        anchors = TrustAnchors.of(List.of(pki.rootCertificate()));
        validator = CertificateValidator.trustAnchorsOnly(anchors);
        SSLContext client = CountedTlsContext.of(
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsClient("alice"), pki.password()), anchors, validator),
                opened::add);
        SSLParameters parameters = client.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        sender = new HttpSender(client, parameters, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        sender.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(String party) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SSLContext tls =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsServer(party), pki.password()), anchors, validator);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/ebms", exchange -> {
            posts.incrementAndGet();
            if (exchange instanceof com.sun.net.httpserver.HttpsExchange https
                    && https.getSSLSession().getPeerCertificates().length > 0) {
                withClientCertificate.incrementAndGet();
            }
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/ebms");
    }

    private PackedMessage message() throws Exception {
        return mime.pack("<e/>".getBytes(), List.of(new Payload("p@x", "text/plain", new byte[] {1, 2, 3})));
    }

    @Test
    void postsOverMutualTlsAndKeepsTheConnectionForTheNextPost() throws Exception {
        URI endpoint = serve("alice");

        SendOutcome first = sender.post(endpoint, message());
        SendOutcome second = sender.post(endpoint, message());

        assertThat(first).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(second).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(posts).hasValue(2);
        assertThat(withClientCertificate)
                .as("the client certificate was presented")
                .hasValue(2);
        assertThat(opened)
                .as("one TLS connection, counted once, for both posts")
                .containsExactly("localhost:" + endpoint.getPort());
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsRefusedInTheHandshake() throws Exception {
        URI endpoint = serve("carol");

        SendOutcome outcome = sender.post(endpoint, message());

        assertThat(outcome).isInstanceOf(SendOutcome.Retryable.class);
        assertThat(((SendOutcome.Retryable) outcome).reason())
                .startsWith("TLS handshake with " + endpoint + " failed")
                .contains("carol.example.nl");
        assertThat(posts).as("nothing was posted").hasValue(0);
    }
}
