package nl.dkgw.pki.validation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;

/** Decides whether a peer's certificate chain (own certificate first) is acceptable at a moment in time. */
public interface CertificateValidator {

    ValidationResult validate(List<X509Certificate> chain, Instant at);

    /**
     * Validates the chain and also requires the end-entity certificate to carry the expected OIN (for instance the
     * CPA PartyId the message claims to come from).
     */
    default ValidationResult validate(List<X509Certificate> chain, Instant at, Oin expectedOin) {
        ValidationResult result = validate(chain, at);
        if (chain.isEmpty()) {
            return result;
        }
        X509Certificate leaf = chain.get(0);
        Optional<Oin> actual = Oin.fromCertificate(leaf);
        if (actual.isPresent() && actual.get().equals(expectedOin)) {
            return result;
        }
        List<String> problems = new ArrayList<>(result.problems());
        problems.add(CertificateProblem.describe(
                leaf,
                "OIN mismatch",
                "the certificate carries OIN " + actual.map(Oin::value).orElse("(none)") + " but " + expectedOin
                        + " was expected",
                "check that the partner uses the certificate registered for this party in the CPA, or correct the "
                        + "PartyId in the CPA"));
        return ValidationResult.invalid(problems);
    }

    /** A validator that checks chain, validity, key usage and OIN against the anchors, without revocation. */
    static CertificateValidator trustAnchorsOnly(TrustAnchors anchors) {
        return PkioCertificateValidator.builder(anchors).build();
    }
}
