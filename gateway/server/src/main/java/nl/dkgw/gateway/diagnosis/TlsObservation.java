package nl.dkgw.gateway.diagnosis;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one inspecting TLS connection to the partner saw: the negotiated protocol and suite, the server's chain,
 * whether the server asked for (and got) our client certificate, what it answered to a plain HTTP request over the
 * connection, and where and how the connection broke, if it did.
 *
 * @param protocol                  negotiated protocol, null when the handshake did not complete
 * @param cipherSuite               negotiated suite, null when the handshake did not complete
 * @param serverChain               the chain the server presented (leaf first), empty when none arrived
 * @param clientCertificateRequested the server sent a CertificateRequest (we always answer it with our certificate)
 * @param issuersAskedFor           the CA names the server said it accepts client certificates from (may be empty)
 * @param handshakeCompleted        the handshake finished on our side
 * @param answer                    status line and start of the body of the server's HTTP answer, null if none
 * @param failure                   what broke the connection, null when nothing did
 * @param alert                     the TLS alert the server sent (e.g. bad_certificate), null when none
 */
record TlsObservation(
        String protocol,
        String cipherSuite,
        List<X509Certificate> serverChain,
        boolean clientCertificateRequested,
        List<String> issuersAskedFor,
        boolean handshakeCompleted,
        String answer,
        String failure,
        String alert) {

    TlsObservation {
        serverChain = serverChain == null ? List.of() : List.copyOf(serverChain);
        issuersAskedFor = issuersAskedFor == null ? List.of() : List.copyOf(issuersAskedFor);
    }

    boolean sawServerChain() {
        return !serverChain.isEmpty();
    }

    X509Certificate serverCertificate() {
        return serverChain.get(0);
    }
}
