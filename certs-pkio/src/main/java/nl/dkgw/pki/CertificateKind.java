package nl.dkgw.pki;

import java.security.cert.X509Certificate;

/**
 * What a certificate is in a PKI: a root (self-signed CA, the only kind that may be a trust anchor), an intermediate
 * CA (issued by another CA, may issue certificates itself) or an end-entity certificate (a party's own certificate).
 */
public enum CertificateKind {
    ROOT("a root CA certificate"),
    INTERMEDIATE("an intermediate CA certificate"),
    END_ENTITY("an end-entity certificate, not a CA");

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";

    private final String description;

    CertificateKind(String description) {
        this.description = description;
    }

    /**
     * A self-signed certificate is a root when it is marked as CA or, as old version 1 roots are, carries no basic
     * constraints at all; any other certificate is a CA only with basicConstraints cA=true.
     */
    public static CertificateKind of(X509Certificate certificate) {
        boolean ca = certificate.getBasicConstraints() >= 0;
        if (selfSigned(certificate)) {
            boolean unconstrained = certificate.getExtensionValue(BASIC_CONSTRAINTS) == null;
            return ca || unconstrained ? ROOT : END_ENTITY;
        }
        return ca ? INTERMEDIATE : END_ENTITY;
    }

    /** For messages: "a root CA certificate", "an intermediate CA certificate", ... */
    public String description() {
        return description;
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
