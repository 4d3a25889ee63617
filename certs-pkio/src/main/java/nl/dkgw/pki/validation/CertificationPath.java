package nl.dkgw.pki.validation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.dkgw.pki.TrustAnchors;

/**
 * Orders a peer's certificates from its own certificate up to the trust anchor, whatever order the peer sent them in.
 *
 * @param path certificates from the end-entity up to (not including) the anchor
 * @param anchor the trust anchor that issued the last certificate of the path, when one was reached
 */
public record CertificationPath(List<X509Certificate> path, Optional<X509Certificate> anchor) {

    public static CertificationPath build(List<X509Certificate> offered, TrustAnchors anchors) {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = offered.get(0);
        while (true) {
            if (anchors.contains(current)) {
                return new CertificationPath(path, Optional.of(current));
            }
            path.add(current);
            Optional<X509Certificate> anchor = issuerAmong(current, anchors.certificates());
            if (anchor.isPresent()) {
                return new CertificationPath(path, anchor);
            }
            List<X509Certificate> candidates = new ArrayList<>(offered);
            candidates.removeAll(path);
            Optional<X509Certificate> next = issuerAmong(current, candidates);
            if (next.isEmpty() || path.size() > 10) {
                return new CertificationPath(path, Optional.empty());
            }
            current = next.get();
        }
    }

    /** The last certificate of the path, whose issuer was looked for. */
    public X509Certificate top() {
        return path.get(path.size() - 1);
    }

    /** The issuer of the certificate at the index: the next one in the path, or the anchor. */
    public Optional<X509Certificate> issuerOf(int index) {
        return index + 1 < path.size() ? Optional.of(path.get(index + 1)) : anchor;
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && signs(candidate, cert)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean signs(X509Certificate issuer, X509Certificate cert) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
