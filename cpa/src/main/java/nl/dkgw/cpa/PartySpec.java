package nl.dkgw.cpa;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * One party's data for a CPA, as in a Digikoppeling consumer specification (Consumerspecificatie): name, OIN,
 * endpoint, TLS client and server certificates; optionally separate signing and encryption certificates (when
 * absent, the client certificate is named for signing and encryption).
 *
 * @param oin 20 digits, optionally with a non-production suffix (_O, _T, _A, _OTA)
 */
public record PartySpec(
        String name,
        String oin,
        URI endpoint,
        X509Certificate clientCertificate,
        X509Certificate serverCertificate,
        X509Certificate signingCertificate,
        X509Certificate encryptionCertificate) {

    public PartySpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("party name is required");
        OinFormat.problemWith(oin).ifPresent(problem -> {
            throw new IllegalArgumentException(
                    "party " + name + ": OIN must be 20 digits (optionally with _O, _T, _A or _OTA): " + problem);
        });
        Objects.requireNonNull(endpoint, "party " + name + ": endpoint");
        if (!endpoint.isAbsolute() || endpoint.getHost() == null) {
            throw new IllegalArgumentException("party " + name + ": endpoint must be an absolute URL, got " + endpoint);
        }
        Objects.requireNonNull(clientCertificate, "party " + name + ": client certificate");
        Objects.requireNonNull(serverCertificate, "party " + name + ": server certificate");
    }

    /** A party that signs and encrypts with its TLS client certificate. */
    public PartySpec(
            String name,
            String oin,
            URI endpoint,
            X509Certificate clientCertificate,
            X509Certificate serverCertificate) {
        this(name, oin, endpoint, clientCertificate, serverCertificate, null, null);
    }

    X509Certificate effectiveSigningCertificate() {
        return signingCertificate != null ? signingCertificate : clientCertificate;
    }

    X509Certificate effectiveEncryptionCertificate() {
        return encryptionCertificate != null ? encryptionCertificate : clientCertificate;
    }
}
