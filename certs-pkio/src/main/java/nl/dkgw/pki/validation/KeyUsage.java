package nl.dkgw.pki.validation;

import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Set;

/** The X.509 keyUsage bits, in the order of RFC 5280. */
public enum KeyUsage {
    DIGITAL_SIGNATURE,
    NON_REPUDIATION,
    KEY_ENCIPHERMENT,
    DATA_ENCIPHERMENT,
    KEY_AGREEMENT,
    KEY_CERT_SIGN,
    CRL_SIGN,
    ENCIPHER_ONLY,
    DECIPHER_ONLY;

    /** The key usages set in the certificate; empty when it has no keyUsage extension. */
    public static Set<KeyUsage> of(X509Certificate cert) {
        Set<KeyUsage> result = EnumSet.noneOf(KeyUsage.class);
        boolean[] bits = cert.getKeyUsage();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < values().length; i++) {
                if (bits[i]) {
                    result.add(values()[i]);
                }
            }
        }
        return result;
    }
}
