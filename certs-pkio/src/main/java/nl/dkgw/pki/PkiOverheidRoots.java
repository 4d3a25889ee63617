package nl.dkgw.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The PKIoverheid private roots Digikoppeling accepts (PKI005), pinned by the SHA-256 fingerprint of their DER
 * encoding. The certificates themselves are published at cert.pkioverheid.nl; integrators download them.
 */
public final class PkiOverheidRoots {

    /** A pinned root: its common name and DER SHA-256 fingerprint. */
    public record PinnedRoot(String commonName, String sha256) {}

    public static final PinnedRoot G1 = new PinnedRoot(
            "Staat der Nederlanden Private Root CA - G1",
            "0257ce27b52408e24ee2c0945640b723c5bc66ddbda4ada58c60357604f0e675");
    public static final PinnedRoot G4 = new PinnedRoot(
            "Staat der Nederlanden - G4 Root Priv G-TLS - 2024",
            "4411f67d3d7f4f49d34ff8862249de0d6692adc92df0855fb1dd67a169800484");
    public static final List<PinnedRoot> ALL = List.of(G1, G4);

    private PkiOverheidRoots() {}

    /** The pinned root whose name the certificate's subject CN claims, if any. */
    public static Optional<PinnedRoot> claimedBy(X509Certificate cert) {
        String cn = commonName(cert).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        return ALL.stream()
                .filter(r -> r.commonName().toLowerCase(Locale.ROOT).equals(cn))
                .findFirst();
    }

    /** True when the certificate is byte for byte one of the pinned roots. */
    public static boolean isGenuine(X509Certificate cert) {
        String thumbprint = CertificateThumbprint.sha256(cert);
        return ALL.stream().anyMatch(r -> r.sha256().equals(thumbprint));
    }

    /**
     * Refuses a certificate that claims to be a PKIoverheid private root but is not the published one.
     *
     * @throws UntrustedAnchorException with the expected and actual fingerprints
     */
    public static void requireGenuineIfClaimed(X509Certificate cert) {
        Optional<PinnedRoot> claimed = claimedBy(cert);
        if (claimed.isPresent()) {
            String actual = CertificateThumbprint.sha256(cert);
            if (!claimed.get().sha256().equals(actual)) {
                throw new UntrustedAnchorException("Refusing trust anchor '"
                        + SubjectName.of(cert) + "': it claims to be the PKIoverheid root '"
                        + claimed.get().commonName() + "' but its SHA-256 fingerprint is " + actual
                        + " instead of the published " + claimed.get().sha256()
                        + ". Download the genuine root from cert.pkioverheid.nl.");
            }
        }
    }

    static Optional<String> commonName(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            return Optional.of(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return Optional.empty();
    }
}
