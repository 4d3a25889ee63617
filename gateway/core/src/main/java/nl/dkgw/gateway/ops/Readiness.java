package nl.dkgw.gateway.ops;

import java.security.Signature;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import nl.dkgw.gateway.store.StoreHealth;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.validation.CrlSource;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.HttpCrlSource;

/**
 * Whether this node can do its work now: the database answers, the endpoints run, the signing key signs, and no CRL
 * the node relies on is stale beyond its grace (an expired CRL makes every certificate it covers unusable); and
 * whatever a part started later adds, such as the flows' {@code broker} check.
 */
public final class Readiness {

    /** One check: passed or not, and what was found. */
    public record Check(boolean ok, String detail) {}

    /** All checks; the node is ready when every one passed. */
    public record Report(boolean ready, Map<String, Check> checks) {}

    private final Clock clock;
    private final StoreHealth database;
    private final Optional<KeyMaterial> signingKey;
    private final List<CrlSource> crlSources;
    private final Map<String, Supplier<Check>> added = Collections.synchronizedMap(new LinkedHashMap<>());

    /** CRL freshness is judged against {@code clock}, the node's clock. */
    public Readiness(StoreHealth database, Optional<KeyMaterial> signingKey, List<CrlSource> crlSources, Clock clock) {
        this.clock = clock;
        this.database = database;
        this.signingKey = signingKey;
        this.crlSources = crlSources;
    }

    public Report check(boolean endpointsRunning, Duration crlGrace) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put(
                "database",
                database.isUsable() ? new Check(true, "answers") : new Check(false, "the database does not answer"));
        checks.put(
                "endpoints",
                endpointsRunning
                        ? new Check(true, "ebMS and admin endpoints run")
                        : new Check(false, "the HTTP endpoints are not running"));
        checks.put("signing-key", signingKey.map(Readiness::trySign).orElse(new Check(true, "none configured")));
        checks.put("crls", crls(crlGrace));
        List<Map.Entry<String, Supplier<Check>>> more;
        synchronized (added) {
            more = List.copyOf(added.entrySet());
        }
        for (Map.Entry<String, Supplier<Check>> e : more) {
            checks.put(e.getKey(), run(e.getValue()));
        }
        boolean ready = checks.values().stream().allMatch(Check::ok);
        return new Report(ready, checks);
    }

    /** Adds (or replaces) a check under {@code name}; it runs on every readiness request from now on. */
    public void add(String name, Supplier<Check> check) {
        added.put(name, check);
    }

    /** Removes the check added under {@code name}, when its part stops. */
    public void remove(String name) {
        added.remove(name);
    }

    private static Check run(Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return new Check(false, "the check failed: " + e.getMessage());
        }
    }

    private static Check trySign(KeyMaterial key) {
        try {
            String algorithm = "EC".equals(key.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key.privateKey());
            signature.update(new byte[] {1});
            signature.sign();
            return new Check(
                    true,
                    "signs (" + key.certificate().getSubjectX500Principal().getName() + ")");
        } catch (Exception e) {
            return new Check(false, "the signing key cannot sign: " + e.getMessage());
        }
    }

    /** The CRLs the node holds now: from the CRL directory and those fetched from distribution points. */
    public List<X509CRL> knownCrls() {
        List<X509CRL> known = new ArrayList<>();
        for (CrlSource source : crlSources) {
            if (source instanceof HttpCrlSource http) {
                http.cached().forEach(c -> known.add(c.crl()));
            } else if (source instanceof DirectoryCrlSource directory) {
                known.addAll(directory.all());
            }
        }
        return known;
    }

    private Check crls(Duration grace) {
        Instant now = clock.instant();
        List<X509CRL> known = knownCrls();
        List<String> stale = new ArrayList<>();
        for (X509CRL crl : known) {
            if (crl.getNextUpdate() != null
                    && crl.getNextUpdate().toInstant().plus(grace).isBefore(now)) {
                stale.add(crl.getIssuerX500Principal().getName() + " (next update was "
                        + crl.getNextUpdate().toInstant() + ")");
            }
        }
        return stale.isEmpty()
                ? new Check(true, known.size() + " CRL(s) fresh")
                : new Check(false, "stale CRL(s) beyond grace: " + String.join("; ", stale));
    }
}
