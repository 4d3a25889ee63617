package nl.dkgw.gateway.diagnosis;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.dkgw.pki.SubjectName;

/**
 * Layer 4: a TLS handshake with the Digikoppeling protocols and suites gets as far as the server presenting its
 * certificate chain. Reports protocol, suite and the chain; whether the chain is acceptable is the next layers' job.
 */
final class TlsHandshakeCheck implements LinkCheck {

    private static final Duration MIN_READ_TIMEOUT = Duration.ofSeconds(10);
    private final TlsInspector inspector;

    TlsHandshakeCheck(TlsInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public Layer layer() {
        return Layer.TLS_HANDSHAKE;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        Duration connect = facts.request.connectTimeout();
        Duration read = connect.compareTo(MIN_READ_TIMEOUT) > 0 ? connect : MIN_READ_TIMEOUT;
        TlsObservation tls =
                inspector.inspect(facts.reachable, facts.host(), facts.endpoint.getRawPath(), connect, read);
        facts.tls = tls;
        if (!tls.sawServerChain()) {
            return noServerCertificate(tls);
        }
        List<String> chain = chain(tls.serverChain());
        if (!tls.handshakeCompleted() && !tls.clientCertificateRequested()) {
            return LayerResult.fail(
                            layer(),
                            "the server presented its certificate, then the handshake broke: " + tls.failure(),
                            "send the partner this report and the time; their TLS terminator logs why")
                    .withDetails(chain);
        }
        String negotiated = tls.handshakeCompleted()
                ? tls.protocol() + " with " + tls.cipherSuite()
                : "handshake ended after we presented our client certificate (see layer "
                        + Layer.CLIENT_CERTIFICATE.number() + ")";
        return LayerResult.pass(
                        layer(),
                        negotiated + "; the server presented "
                                + tls.serverChain().size() + " certificate(s), first "
                                + SubjectName.of(tls.serverCertificate()))
                .withDetails(chain);
    }

    private LayerResult noServerCertificate(TlsObservation tls) {
        String failure = tls.failure() == null ? "the connection closed" : tls.failure();
        String alert = tls.alert();
        if (alert != null
                && (alert.equals("protocol_version")
                        || alert.equals("handshake_failure")
                        || alert.equals("insufficient_security"))) {
            return LayerResult.fail(
                    layer(),
                    "the server and this gateway have no TLS version and cipher suite in "
                            + "common (server sent alert " + alert + ")",
                    "Digikoppeling requires TLS 1.2 or 1.3 with ECDHE "
                            + "and AES-GCM or ChaCha20-Poly1305 (NCSC good/sufficient); ask the partner to enable them");
        }
        String lower = failure.toLowerCase(Locale.ROOT);
        if (lower.contains("plaintext")
                || lower.contains("unrecognized ssl message")
                || lower.contains("unsupported or unrecognized")) {
            return LayerResult.fail(
                    layer(),
                    "the endpoint does not speak TLS on this port (" + failure + ")",
                    "use the partner's https port in the CPA endpoint (normally 443), not a plain HTTP port");
        }
        if (lower.contains("no appropriate protocol") || lower.contains("no cipher suites in common")) {
            return LayerResult.fail(
                    layer(),
                    "no TLS version or cipher suite in common: " + failure,
                    "ask the partner to offer TLS 1.2 or 1.3 with ECDHE and AES-GCM (Digikoppeling TLS001-006)");
        }
        if (lower.contains("timed out")) {
            return LayerResult.fail(
                    layer(),
                    "the server did not answer the TLS handshake in time (" + failure + ")",
                    "check that the port is the partner's TLS endpoint and that no proxy in between holds the "
                            + "connection");
        }
        return LayerResult.fail(
                layer(),
                "the TLS handshake broke before the server presented a certificate: " + failure,
                "check that the endpoint is the partner's ebMS https endpoint; if it is, send the "
                        + "partner this report and the time so they can look in their TLS logs");
    }

    static List<String> chain(List<X509Certificate> chain) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            lines.add("server chain [" + i + "] " + SubjectName.of(c) + " (issued by " + SubjectName.issuerOf(c)
                    + ", valid until " + c.getNotAfter().toInstant() + ")");
        }
        return lines;
    }
}
