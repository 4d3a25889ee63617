package nl.dkgw.pki.validation;

import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks every certificate of a path: a verified OCSP answer when the certificate names a responder and it answers,
 * otherwise the CRL of its issuer; missing or expired CRLs fail closed.
 */
final class RevocationCheck {

    private final CrlSource source;
    private final Duration grace;
    private final Optional<OcspClient> ocsp;
    /**
     * Per issuer key, the CRL last verified as signed by it. A source hands out the same CRL object until it reads a
     * new one, so the signature is verified when a CRL first comes for that issuer, not at every check (two per path
     * validated, on each message of a signed link).
     */
    private final Map<PublicKey, X509CRL> lastVerified = new ConcurrentHashMap<>();

    RevocationCheck(CrlSource source, Duration grace, Optional<OcspClient> ocsp) {
        this.source = source;
        this.grace = grace;
        this.ocsp = ocsp;
    }

    void check(CertificationPath path, Instant at, List<String> problems) {
        for (int i = 0; i < path.path().size(); i++) {
            X509Certificate cert = path.path().get(i);
            Optional<X509Certificate> issuer = path.issuerOf(i);
            if (issuer.isEmpty()) {
                continue;
            }
            checkOne(cert, issuer.get(), at, problems);
        }
    }

    private void checkOne(X509Certificate cert, X509Certificate issuer, Instant at, List<String> problems) {
        Optional<OcspClient.OcspStatus> answer = ocsp.flatMap(client -> client.status(cert, issuer, at));
        if (answer.isPresent() && answer.get().status() == OcspClient.OcspStatus.Status.GOOD) {
            return;
        }
        if (answer.isPresent() && answer.get().status() == OcspClient.OcspStatus.Status.REVOKED) {
            OcspClient.OcspStatus revoked = answer.get();
            problems.add(CertificateProblem.describe(
                    cert,
                    "revocation (OCSP)",
                    "it was revoked on "
                            + revoked.revokedAt().map(Object::toString).orElse("an unknown date")
                            + revoked.reason().map(r -> " (reason " + r + ")").orElse("")
                            + " according to the OCSP responder " + revoked.responder(),
                    "the owner must obtain and install a new certificate"));
            return;
        }
        Optional<X509CRL> found = source.crlFor(cert, issuer);
        if (found.isEmpty()) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "revocation (CRL)",
                    "no CRL of its issuer '" + CertificateProblem.subjectOf(issuer) + "' is available"
                            + distributionPoints(cert),
                    "make the CRL distribution point reachable from this machine, or place the CRL in the local "
                            + "CRL directory"));
            return;
        }
        X509CRL crl = found.get();
        try {
            verifySignature(crl, issuer.getPublicKey());
        } catch (Exception e) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "revocation (CRL)",
                    "the CRL for issuer '" + CertificateProblem.subjectOf(issuer) + "' is not signed by that issuer ("
                            + e.getMessage() + ")",
                    "remove the wrong CRL from the CRL directory or check the CRL distribution point"));
            return;
        }
        if (crl.getNextUpdate() != null
                && at.isAfter(crl.getNextUpdate().toInstant().plus(grace))) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "revocation (CRL)",
                    "the CRL of issuer '" + CertificateProblem.subjectOf(issuer) + "' expired at "
                            + crl.getNextUpdate().toInstant()
                            + (grace.isZero() ? "" : " (grace " + grace + ")")
                            + ", so its certificates count as invalid",
                    "make sure the gateway can fetch a fresh CRL from the distribution point"));
            return;
        }
        X509CRLEntry entry = crl.getRevokedCertificate(cert);
        if (entry != null && !entry.getRevocationDate().toInstant().isAfter(at)) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "revocation (CRL)",
                    "it was revoked on " + entry.getRevocationDate().toInstant()
                            + (entry.getRevocationReason() == null
                                    ? ""
                                    : " (reason " + entry.getRevocationReason() + ")")
                            + " according to the CRL of '" + CertificateProblem.subjectOf(issuer) + "'",
                    "the owner must obtain and install a new certificate"));
        }
    }

    private static String distributionPoints(X509Certificate cert) {
        List<String> uris = CrlDistributionPoints.of(cert);
        return uris.isEmpty()
                ? " and the certificate names no CRL distribution point"
                : " (distribution points " + uris + ")";
    }

    private void verifySignature(X509CRL crl, PublicKey issuerKey) throws Exception {
        if (lastVerified.get(issuerKey) == crl) {
            return; // this very CRL was verified with this key before
        }
        crl.verify(issuerKey);
        lastVerified.put(issuerKey, crl);
    }
}
