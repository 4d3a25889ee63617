package nl.dkgw.chain.suite;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of the Grote Berichten test's file as a person writes it: a number of bytes ({@code 1048583}) or a
 * whole number with a binary unit ({@code 512KiB}, {@code 4MiB}, {@code 1GiB}; the unit's case does not matter).
 * Between 1 byte and {@link SuiteOptions#MAX_GB_FILE_BYTES}; anything else is refused with one readable line (an
 * IllegalArgumentException).
 */
public final class GbFileSize {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,13})\\s*(|B|KiB|MiB|GiB)", Pattern.CASE_INSENSITIVE);

    private GbFileSize() {}

    /** The number of bytes {@code text} names. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: give bytes (1048576) or a whole number "
                    + "with KiB, MiB or GiB (1GiB)");
        }
        long shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 0;
        };
        long number = Long.parseLong(m.group(1));
        long max = SuiteOptions.MAX_GB_FILE_BYTES;
        if (number == 0 || number > max >> shift) {
            throw new IllegalArgumentException(
                    "'" + text + "' is out of range: from 1 byte up to " + (max >> 30) + "GiB (" + max + " bytes)");
        }
        return number << shift;
    }
}
