package nl.dkgw.pki.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.dkgw.pki.SubjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs fetched over HTTP from the certificate's CRL distribution points and cached. A cached CRL is fetched again when
 * the refresh interval (default 4 hours, PKI003) has passed or its nextUpdate has come; when the fetch fails the
 * cached CRL is kept (the validator still rejects it once it has expired).
 */
public final class HttpCrlSource implements CrlSource {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCrlSource.class);

    /** A CRL in the cache with the moment it was fetched. */
    public record CachedCrl(URI uri, X509CRL crl, Instant fetchedAt) {}

    private final HttpClient client;
    private final Duration refreshInterval;
    private final Duration requestTimeout;
    private final long maxBytes;
    private final Clock clock;
    private final Map<URI, CachedCrl> cache = new ConcurrentHashMap<>();
    private final Map<URI, Object> locks = new ConcurrentHashMap<>();

    private HttpCrlSource(Builder builder) {
        this.client = builder.client != null
                ? builder.client
                : HttpClient.newBuilder()
                        .connectTimeout(builder.requestTimeout)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        this.refreshInterval = builder.refreshInterval;
        this.requestTimeout = builder.requestTimeout;
        this.maxBytes = builder.maxBytes;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static HttpCrlSource withDefaults() {
        return builder().build();
    }

    @Override
    public Optional<X509CRL> crlFor(X509Certificate certificate, X509Certificate issuer) {
        for (String location : CrlDistributionPoints.of(certificate)) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                continue;
            }
            Optional<X509CRL> crl = current(uri, issuer);
            if (crl.isPresent()) {
                return crl;
            }
        }
        return Optional.empty();
    }

    /** Fetches every cached CRL again now, for a scheduled refresh job; returns how many were refreshed. */
    public int refreshAll() {
        int refreshed = 0;
        for (CachedCrl cached : List.copyOf(cache.values())) {
            Optional<X509CRL> fresh = fetch(cached.uri());
            if (fresh.isPresent() && sameIssuer(fresh.get(), cached.crl())) {
                cache.put(cached.uri(), new CachedCrl(cached.uri(), fresh.get(), clock.instant()));
                refreshed++;
            }
        }
        return refreshed;
    }

    /** The CRLs in the cache, for health checks and expiry reports. */
    public List<CachedCrl> cached() {
        return List.copyOf(cache.values());
    }

    private Optional<X509CRL> current(URI uri, X509Certificate issuer) {
        synchronized (locks.computeIfAbsent(uri, u -> new Object())) {
            return currentLocked(uri, issuer);
        }
    }

    private Optional<X509CRL> currentLocked(URI uri, X509Certificate issuer) {
        CachedCrl cached = cache.get(uri);
        Instant now = clock.instant();
        if (cached != null && !due(cached, now)) {
            return Optional.of(cached.crl());
        }
        Optional<X509CRL> fetched = fetch(uri).filter(crl -> {
            boolean ok = crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                    && DirectoryCrlSource.signedBy(crl, issuer);
            if (!ok) {
                LOG.warn("Ignoring CRL from {}: it is not issued and signed by {}", uri, SubjectName.of(issuer));
            }
            return ok;
        });
        if (fetched.isPresent()) {
            cache.put(uri, new CachedCrl(uri, fetched.get(), now));
            return fetched;
        }
        return cached == null ? Optional.empty() : Optional.of(cached.crl());
    }

    private boolean due(CachedCrl cached, Instant now) {
        if (!now.isBefore(cached.fetchedAt().plus(refreshInterval))) {
            return true;
        }
        return cached.crl().getNextUpdate() != null
                && !now.isBefore(cached.crl().getNextUpdate().toInstant());
    }

    private Optional<X509CRL> fetch(URI uri) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn("CRL download from {} answered HTTP {}", uri, response.statusCode());
                return Optional.empty();
            }
            byte[] body = response.body();
            if (body.length > maxBytes) {
                LOG.warn("CRL download from {} is {} bytes, more than the limit of {}", uri, body.length, maxBytes);
                return Optional.empty();
            }
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
            LOG.debug("Fetched CRL of {} from {}", SubjectName.issuerOf(crl), uri);
            return Optional.of(crl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("CRL download from {} failed: {}", uri, e.toString());
            return Optional.empty();
        }
    }

    private static boolean sameIssuer(X509CRL a, X509CRL b) {
        return a.getIssuerX500Principal().equals(b.getIssuerX500Principal());
    }

    /** Configures the source. */
    public static final class Builder {
        private HttpClient client;
        private Duration refreshInterval = Duration.ofHours(4);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private long maxBytes = 50L * 1024 * 1024;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder httpClient(HttpClient httpClient) {
            this.client = Objects.requireNonNull(httpClient);
            return this;
        }

        /** Maximum age of a cached CRL before it is fetched again (default 4 hours, the Digikoppeling maximum). */
        public Builder refreshInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("CRL refresh interval must be positive: " + interval);
            }
            this.refreshInterval = interval;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder maxBytes(long bytes) {
            this.maxBytes = bytes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public HttpCrlSource build() {
            return new HttpCrlSource(this);
        }
    }
}
