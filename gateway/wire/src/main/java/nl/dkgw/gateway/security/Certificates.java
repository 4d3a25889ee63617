package nl.dkgw.gateway.security;

import java.security.cert.X509Certificate;
import nl.dkgw.pki.CertificateThumbprint;
import nl.dkgw.pki.SubjectName;

/** Names certificates in failure messages so an operator can find them. */
final class Certificates {

    private Certificates() {}

    static String describe(X509Certificate c) {
        return "'" + SubjectName.of(c) + "' (issuer '" + SubjectName.issuerOf(c) + "', serial "
                + c.getSerialNumber().toString(16) + ", SHA-256 " + CertificateThumbprint.sha256(c) + ")";
    }
}
