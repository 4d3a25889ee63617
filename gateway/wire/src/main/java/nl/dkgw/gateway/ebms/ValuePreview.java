package nl.dkgw.gateway.ebms;

/**
 * A value from a received message as it may appear in a log line or an error description: whole when short, otherwise
 * its start and its length, so a hostile sender cannot fill the log (or our answer) with a header value of its choice.
 */
public final class ValuePreview {

    /** How many characters of a long value are shown. */
    public static final int SHOWN = 64;

    private ValuePreview() {}

    public static String of(String value) {
        if (value == null || value.length() <= SHOWN) {
            return value;
        }
        return value.substring(0, SHOWN) + "...(" + value.length() + " chars)";
    }
}
