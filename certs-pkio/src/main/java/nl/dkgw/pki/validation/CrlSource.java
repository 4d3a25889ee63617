package nl.dkgw.pki.validation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Supplies the CRL that covers a certificate, issued (and signed) by the given issuer. */
public interface CrlSource {

    /**
     * The most recent CRL the source has for the certificate's issuer; empty when none is available. The caller
     * checks signature, freshness and revocation.
     */
    Optional<X509CRL> crlFor(X509Certificate certificate, X509Certificate issuer);

    /** Tries the sources in order and takes the first that has a CRL. */
    static CrlSource firstOf(CrlSource... sources) {
        return (certificate, issuer) -> {
            for (CrlSource source : sources) {
                Optional<X509CRL> crl = source.crlFor(certificate, issuer);
                if (crl.isPresent()) {
                    return crl;
                }
            }
            return Optional.empty();
        };
    }
}
