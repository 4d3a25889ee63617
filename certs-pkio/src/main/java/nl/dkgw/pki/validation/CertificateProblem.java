package nl.dkgw.pki.validation;

import java.security.cert.X509Certificate;
import nl.dkgw.pki.SubjectName;

/** Formats one problem: which certificate, which rule, what is wrong, what to do. */
public final class CertificateProblem {
    private CertificateProblem() {}

    public static String describe(X509Certificate cert, String rule, String finding, String advice) {
        return "Certificate '" + subjectOf(cert) + "' (serial "
                + cert.getSerialNumber().toString(16) + "): [" + rule + "] " + finding + ". What to do: " + advice
                + ".";
    }

    public static String subjectOf(X509Certificate cert) {
        return SubjectName.of(cert);
    }
}
