package nl.dkgw.pki;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The root certificates a peer's chain must lead to. Anchors that claim to be a PKIoverheid private root (G1, G4)
 * are accepted only when their fingerprint matches the published one.
 */
public final class TrustAnchors {

    private final List<X509Certificate> certificates;

    private TrustAnchors(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("At least one trust anchor is needed");
        }
        certificates.forEach(PkiOverheidRoots::requireGenuineIfClaimed);
        this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
    }

    public static TrustAnchors of(List<X509Certificate> certificates) {
        return new TrustAnchors(List.copyOf(certificates));
    }

    /** All certificate entries (trusted certificates and the certificates of key entries) of a key store. */
    public static TrustAnchors fromKeyStore(Path file, char[] password) {
        KeyStore store = KeyMaterial.KeyStoreFiles.load(file, password);
        List<X509Certificate> result = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate c = store.getCertificate(alias);
                if (c instanceof X509Certificate x509) {
                    result.add(x509);
                }
            }
        } catch (KeyStoreException e) {
            throw new KeyMaterialException("Cannot read trust store " + file + ": " + e.getMessage(), e);
        }
        if (result.isEmpty()) {
            throw new KeyMaterialException("Trust store " + file + " holds no certificates");
        }
        return of(result);
    }

    public static TrustAnchors fromPem(Path file) {
        List<X509Certificate> read = PemCertificates.read(file);
        if (read.isEmpty()) {
            throw new KeyMaterialException("Trust anchor file " + file + " holds no certificates");
        }
        return of(read);
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** A new set with the certificate added (refused when it fakes a PKIoverheid root). */
    public TrustAnchors with(X509Certificate certificate) {
        List<X509Certificate> all = new ArrayList<>(certificates);
        all.add(certificate);
        return of(all);
    }

    public Set<TrustAnchor> asPkixAnchors() {
        return certificates.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean contains(X509Certificate certificate) {
        return certificates.contains(certificate);
    }

    @Override
    public String toString() {
        return "TrustAnchors"
                + certificates.stream().map(c -> SubjectName.of(c)).toList();
    }
}
