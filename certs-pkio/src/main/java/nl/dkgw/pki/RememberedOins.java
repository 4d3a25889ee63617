package nl.dkgw.pki;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OIN in each certificate asked about ({@link Oin#fromCertificate}), read once. A peer presents the same TLS client
 * certificate with every message, and reading its subject serialNumber parses the whole subject name again (1-2 % of a
 * node's CPU under load). At most a fixed number of certificates is remembered; past it the memory starts again, so
 * no stream of new certificates makes it grow. The same certificate (equal encoding) gives the same answer as {@link
 * Oin#fromCertificate}, an absent OIN included.
 */
public final class RememberedOins {

    /** How many certificates a node's inbound path remembers: far more than the peers of one node. */
    public static final int DEFAULT_MOST = 64;

    private final int most;
    private final Map<X509Certificate, Optional<Oin>> read = new ConcurrentHashMap<>();

    public RememberedOins() {
        this(DEFAULT_MOST);
    }

    /** Remembers at most {@code most} certificates (at least 1). */
    public RememberedOins(int most) {
        if (most < 1) {
            throw new IllegalArgumentException("must remember at least one certificate, not " + most);
        }
        this.most = most;
    }

    /** The OIN in the certificate's subject serialNumber, or empty when it has none. */
    public Optional<Oin> of(X509Certificate certificate) {
        Optional<Oin> known = read.get(certificate);
        if (known != null) {
            return known;
        }
        Optional<Oin> oin = Oin.fromCertificate(certificate);
        if (read.size() >= most) {
            read.clear();
        }
        read.put(certificate, oin);
        return oin;
    }

    /** How many certificates are remembered now. */
    int remembered() {
        return read.size();
    }
}
