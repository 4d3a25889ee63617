package nl.dkgw.pki.validation;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import nl.dkgw.pki.TrustAnchors;

/**
 * The path from a peer's own certificate up to a trust anchor, found among the certificates on offer (those the peer
 * sent, and any known intermediate CAs) whatever their order.
 *
 * <p>The JDK's PKIX {@link CertPathBuilder} finds the path, so where several candidates could issue a certificate
 * (a renewed intermediate, a cross-certificate) the one that leads to an anchor and is valid at the moment asked is
 * chosen. When it finds none, the certificates are chained by issuer name and signature as far as they go, so the
 * validator can say which certificate broke the path and why (expired, issuer missing, another root).
 *
 * @param path certificates from the end-entity up to (not including) the anchor
 * @param anchor the trust anchor that issued the last certificate of the path, when one was reached
 */
public record CertificationPath(List<X509Certificate> path, Optional<X509Certificate> anchor) {

    private static final int LONGEST_CHAIN = 10;

    /**
     * @param offered the end-entity certificate first, then every certificate that may help build its path
     * @param at the moment at which the path must be valid
     */
    public static CertificationPath build(List<X509Certificate> offered, TrustAnchors anchors, Instant at) {
        X509Certificate target = offered.get(0);
        if (anchors.contains(target)) {
            return new CertificationPath(List.of(), Optional.of(target));
        }
        return pkixPath(target, offered, anchors, at).orElseGet(() -> chainedByName(offered, anchors));
    }

    /** The last certificate of the path, whose issuer was looked for. */
    public X509Certificate top() {
        return path.get(path.size() - 1);
    }

    /** The issuer of the certificate at the index: the next one in the path, or the anchor. */
    public Optional<X509Certificate> issuerOf(int index) {
        return index + 1 < path.size() ? Optional.of(path.get(index + 1)) : anchor;
    }

    private static Optional<CertificationPath> pkixPath(
            X509Certificate target, List<X509Certificate> offered, TrustAnchors anchors, Instant at) {
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setCertificate(target);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.asPkixAnchors(), selector);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(offered)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult)
                    CertPathBuilder.getInstance("PKIX").build(parameters);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            if (path.isEmpty() || !path.get(0).equals(target)) {
                return Optional.empty();
            }
            return Optional.of(new CertificationPath(
                    List.copyOf(path), Optional.of(result.getTrustAnchor().getTrustedCert())));
        } catch (GeneralSecurityException | RuntimeException e) {
            // no valid path: the chaining below finds out how far the certificates go, for a precise problem
            return Optional.empty();
        }
    }

    private static CertificationPath chainedByName(List<X509Certificate> offered, TrustAnchors anchors) {
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
            if (next.isEmpty() || path.size() > LONGEST_CHAIN) {
                return new CertificationPath(path, Optional.empty());
            }
            current = next.get();
        }
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
