package nl.dkgw.pki.validation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certification paths a validator built, checked and PKIX-validated, remembered per set of offered certificates, so
 * that the next message signed with the same certificates skips building, checking and validating the path again
 * (building and PKIX validation verify every signature up the chain).
 *
 * <p>Without revocation, what those steps decide depends only on the certificates, the validator's settings and
 * trust anchors (fixed for a validator) and the moment asked. A remembered path is therefore used only at a moment
 * inside the validity period of every certificate on it and of its anchor, where doing it all again gives the same
 * answer; outside that window it is built again. Revocation is not remembered here: it is checked for every
 * validation. Only a path that passed is remembered, for at most {@value #MOST} sets of offered certificates; when
 * full, any one is forgotten for the next. Without a lock: every signature and TLS peer checked passes here, from many
 * threads at once, and a monitor around a least-recently-used map made them queue (issue 15: waits of 20 ms or more on
 * a loaded receiver).
 */
final class ValidatedPaths {

    /** How many sets of offered certificates are remembered at most. */
    static final int MOST = 256;

    private record Remembered(CertificationPath path, Instant from, Instant until) {}

    private final Map<List<X509Certificate>, Remembered> paths = new ConcurrentHashMap<>();

    /** The path remembered for exactly these certificates, when {@code at} lies inside all their validity periods. */
    Optional<CertificationPath> find(List<X509Certificate> offered, Instant at) {
        Remembered r = paths.get(offered);
        if (r == null || at.isBefore(r.from()) || at.isAfter(r.until())) {
            return Optional.empty();
        }
        return Optional.of(r.path());
    }

    /** Remembers a path that was built from {@code offered}, ends at an anchor and passed PKIX validation. */
    void remember(List<X509Certificate> offered, CertificationPath path) {
        List<X509Certificate> certificates = new ArrayList<>(path.path());
        path.anchor().ifPresent(certificates::add);
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate c : certificates) {
            Instant notBefore = c.getNotBefore().toInstant();
            Instant notAfter = c.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        Iterator<List<X509Certificate>> any = paths.keySet().iterator();
        while (paths.size() >= MOST && any.hasNext()) {
            any.next();
            any.remove();
        }
        paths.put(List.copyOf(offered), new Remembered(path, from, until));
    }

    int size() {
        return paths.size();
    }
}
