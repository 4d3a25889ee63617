package nl.dkgw.pki.validation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Supplies the CRL that covers a certificate, issued (and signed) by the given issuer. */
public interface CrlSource {

    /**
     * The most recent CRL the source has for the certificate's issuer; empty when none is available. The caller
     * checks signature, freshness and revocation.
     */
    Optional<X509CRL> crlFor(X509Certificate certificate, X509Certificate issuer);

    /**
     * Tries the sources in order and takes the first CRL that has not passed its nextUpdate; when every source only
     * has expired CRLs, the newest of those is returned (and the validator rejects it as expired).
     */
    static CrlSource firstOf(CrlSource... sources) {
        return (certificate, issuer) -> {
            Instant now = Instant.now();
            Optional<X509CRL> expired = Optional.empty();
            for (CrlSource source : sources) {
                Optional<X509CRL> crl = source.crlFor(certificate, issuer);
                if (crl.isEmpty()) {
                    continue;
                }
                Date next = crl.get().getNextUpdate();
                if (next == null || next.toInstant().isAfter(now)) {
                    return crl;
                }
                if (expired.isEmpty()
                        || crl.get().getThisUpdate().after(expired.get().getThisUpdate())) {
                    expired = crl;
                }
            }
            return expired;
        };
    }
}
