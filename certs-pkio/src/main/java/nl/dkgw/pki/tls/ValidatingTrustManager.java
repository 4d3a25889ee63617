package nl.dkgw.pki.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.ValidationResult;

/**
 * Accepts a peer only when the validator accepts its chain. For a server peer it then also lets JSSE check the host
 * name when the socket or engine asks for endpoint identification.
 */
final class ValidatingTrustManager extends X509ExtendedTrustManager {

    private final CertificateValidator validator;
    private final X509ExtendedTrustManager hostnameChecker;
    private final Clock clock;
    private final X509Certificate[] acceptedIssuers;

    ValidatingTrustManager(
            CertificateValidator validator,
            X509ExtendedTrustManager hostnameChecker,
            Clock clock,
            List<X509Certificate> acceptedIssuers) {
        this.validator = validator;
        this.hostnameChecker = hostnameChecker;
        this.clock = clock;
        this.acceptedIssuers = acceptedIssuers.toArray(X509Certificate[]::new);
    }

    private void requireValid(X509Certificate[] chain, String role) throws CertificateException {
        List<X509Certificate> list = chain == null ? List.of() : Arrays.asList(chain);
        ValidationResult result = validator.validate(list, clock.instant());
        if (!result.valid()) {
            throw new PeerCertificateRejectedException(
                    "The " + role + " certificate was rejected: " + result.summary(), result);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireValid(chain, "TLS client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireValid(chain, "TLS client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireValid(chain, "TLS client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireValid(chain, "TLS server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireValid(chain, "TLS server");
        if (socket instanceof SSLSocket ssl && ssl.getSSLParameters().getEndpointIdentificationAlgorithm() != null) {
            try {
                hostnameChecker.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw hostMismatch(chain, e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireValid(chain, "TLS server");
        if (engine != null && engine.getSSLParameters().getEndpointIdentificationAlgorithm() != null) {
            try {
                hostnameChecker.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw hostMismatch(chain, e);
            }
        }
    }

    private static CertificateException hostMismatch(X509Certificate[] chain, CertificateException cause) {
        String message = "The TLS server certificate '" + SubjectName.of(chain[0])
                + "' was rejected: [host name] it does not match the host name connected to (" + cause.getMessage()
                + "). What to do: use the host name from the partner's certificate in the CPA endpoint, or ask the "
                + "partner for a certificate whose subjectAltName contains the endpoint host.";
        CertificateException wrapped = new CertificateException(message, cause);
        return wrapped;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
