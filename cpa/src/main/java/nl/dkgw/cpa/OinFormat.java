package nl.dkgw.cpa;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.pki.Oin;

/**
 * An OIN PartyId value: an OIN (checked by {@link Oin}: 20 digits, known register prefix, suffix rule), in
 * non-production environments optionally followed by _O, _T, _A or _OTA.
 */
final class OinFormat {

    private static final Pattern SUFFIX = Pattern.compile("(.*?)(_O|_T|_A|_OTA)?");

    private OinFormat() {}

    /** Why {@code value} is not an OIN PartyId value, or empty when it is one. */
    static Optional<String> problemWith(String value) {
        if (value == null) return Optional.of("OIN is missing");
        Matcher m = SUFFIX.matcher(value);
        String oin = m.matches() ? m.group(1) : value;
        try {
            Oin.parse(oin);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    static boolean isOinPartyId(String value) {
        return problemWith(value).isEmpty();
    }

    /** The OIN (or HRN) in a certificate's subject serialNumber. */
    static Optional<String> ofCertificate(X509Certificate certificate) {
        return Oin.fromCertificate(certificate).map(Oin::value);
    }
}
