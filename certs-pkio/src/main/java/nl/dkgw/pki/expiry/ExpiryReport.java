package nl.dkgw.pki.expiry;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.TrustAnchors;

/**
 * Collects the end dates of key material, trust anchors and CRLs and lists what expires within a window, soonest
 * first. For health checks and metrics: build one per check with the current time.
 */
public final class ExpiryReport {

    private final Instant now;
    private final List<ExpiringItem> items = new ArrayList<>();

    private ExpiryReport(Instant now) {
        this.now = now;
    }

    public static ExpiryReport at(Instant now) {
        return new ExpiryReport(now);
    }

    /** Every certificate of the chain (own certificate and its CAs) under the given name. */
    public ExpiryReport keyMaterial(String name, KeyMaterial material) {
        material.chain().forEach(cert -> add(ExpiringItem.Kind.OWN_CERTIFICATE, name, cert));
        return this;
    }

    public ExpiryReport trustAnchors(TrustAnchors anchors) {
        anchors.certificates().forEach(cert -> add(ExpiringItem.Kind.TRUST_ANCHOR, "trust anchor", cert));
        return this;
    }

    /** CRLs expire at their nextUpdate; CRLs without one are skipped. */
    public ExpiryReport crls(Collection<X509CRL> crls) {
        for (X509CRL crl : crls) {
            if (crl.getNextUpdate() != null) {
                Instant end = crl.getNextUpdate().toInstant();
                items.add(new ExpiringItem(
                        ExpiringItem.Kind.CRL, "CRL", SubjectName.issuerOf(crl), end, Duration.between(now, end)));
            }
        }
        return this;
    }

    /** Items that expire within the window from now, including those already expired, soonest first. */
    public List<ExpiringItem> expiringWithin(Duration window) {
        Instant limit = now.plus(window);
        return items.stream()
                .filter(item -> !item.expiresAt().isAfter(limit))
                .sorted(Comparator.comparing(ExpiringItem::expiresAt))
                .toList();
    }

    /** Items that expire within the given number of days. */
    public List<ExpiringItem> expiringWithinDays(int days) {
        return expiringWithin(Duration.ofDays(days));
    }

    /** Everything collected, soonest first. */
    public List<ExpiringItem> all() {
        return items.stream()
                .sorted(Comparator.comparing(ExpiringItem::expiresAt))
                .toList();
    }

    private void add(ExpiringItem.Kind kind, String name, X509Certificate cert) {
        Instant end = cert.getNotAfter().toInstant();
        items.add(new ExpiringItem(kind, name, SubjectName.of(cert), end, Duration.between(now, end)));
    }
}
