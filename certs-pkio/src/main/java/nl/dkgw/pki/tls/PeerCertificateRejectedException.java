package nl.dkgw.pki.tls;

import java.security.cert.CertificateException;
import nl.dkgw.pki.validation.ValidationResult;

/** Thrown inside the TLS handshake when the peer's chain fails validation; carries the detailed result. */
public class PeerCertificateRejectedException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final transient ValidationResult result;

    public PeerCertificateRejectedException(String message, ValidationResult result) {
        super(message);
        this.result = result;
    }

    public ValidationResult result() {
        return result;
    }
}
