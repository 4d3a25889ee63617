package nl.dkgw.cpa;

import java.util.regex.Pattern;

/**
 * The shape of an OIN (20 digits) and of an OIN PartyId value, which in non-production environments may carry a
 * suffix _O, _T, _A or _OTA. Format only: whether the OIN is registered is not checked here.
 */
final class OinFormat {

    private static final Pattern OIN = Pattern.compile("\\d{20}");
    private static final Pattern PARTY_ID = Pattern.compile("\\d{20}(_O|_T|_A|_OTA)?");

    private OinFormat() {
    }

    static boolean isOin(String value) {
        return value != null && OIN.matcher(value).matches();
    }

    static boolean isOinPartyId(String value) {
        return value != null && PARTY_ID.matcher(value).matches();
    }
}
