package nl.dkgw.gateway.gb;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.pki.validation.PkioCertificateValidator;

/**
 * A test PKI with three parties for GB transfers: the sender (its TLS server certificate serves the files), the
 * receiver the files are stored for, and another organisation with a valid certificate of its own.
 */
public final class GbPki {

    public static final String SENDER = "sender";
    public static final String RECEIVER = "receiver";
    public static final String OTHER = "other";

    private final TestPki pki;
    private final TrustAnchors anchors;

    private GbPki(TestPki pki) {
        this.pki = pki;
        this.anchors = pki.trustAnchors();
    }

    public static GbPki generate(Path dir) {
        return new GbPki(TestPki.generate(
                dir,
                List.of(
                        new TestPki.PartySpec(SENDER, "00000099000000001000"),
                        new TestPki.PartySpec(RECEIVER, "00000099000000002000"),
                        new TestPki.PartySpec(OTHER, "00000099000000003000"))));
    }

    public Oin oin(String party) {
        return Oin.parse(pki.party(party).oin());
    }

    public SSLContext serverContext() {
        return TlsContexts.create(
                pki.keyMaterial(SENDER, TestPki.Usage.TLS_SERVER),
                anchors,
                PkioCertificateValidator.builder(anchors).build());
    }

    public SSLContext clientContext(String party) {
        return TlsContexts.create(
                pki.keyMaterial(party, TestPki.Usage.TLS_CLIENT),
                anchors,
                PkioCertificateValidator.builder(anchors).build());
    }

    public SSLParameters clientParameters(SSLContext context) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        return parameters;
    }

    public HttpClient client(String party) {
        SSLContext context = clientContext(party);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(clientParameters(context))
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
