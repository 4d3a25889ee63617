package nl.dkgw.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Readable distinguished names (RFC 2253 order, with SERIALNUMBER spelled out instead of as hex). */
public final class SubjectName {
    private static final Map<String, String> KEYWORDS =
            Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.97", "organizationIdentifier");

    private SubjectName() {}

    public static String of(X509Certificate cert) {
        return of(cert.getSubjectX500Principal());
    }

    public static String issuerOf(X509Certificate cert) {
        return of(cert.getIssuerX500Principal());
    }

    public static String issuerOf(X509CRL crl) {
        return of(crl.getIssuerX500Principal());
    }

    public static String of(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253, KEYWORDS);
    }
}
