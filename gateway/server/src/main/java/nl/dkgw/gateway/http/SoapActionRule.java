package nl.dkgw.gateway.http;

import java.util.Locale;

/**
 * The {@code SOAPAction} header of an inbound ebMS post. ebMS 2.0 (appendix B.2.2) requires {@code SOAPAction: "ebXML"},
 * quotes included. {@link #STRICT} (the default) accepts exactly that, and {@code ebXML} without the quotes, which some
 * adapters send; a post without the header or with another value is refused before its body is read, with a reason
 * that names the header. {@link #LENIENT} accepts any value or none, for a peer that cannot be made to send it.
 */
public enum SoapActionRule {
    STRICT,
    LENIENT;

    static final String HEADER = "SOAPAction";

    /** The value ebMS 2.0 prescribes, quotes included, as it goes on the wire. */
    public static final String EBXML = "\"ebXML\"";

    /** The rule the setting {@code ebms.soap-action} names: {@code strict} or {@code lenient}. */
    public static SoapActionRule of(String setting) {
        String s = setting == null ? "strict" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "strict" -> STRICT;
            case "lenient" -> LENIENT;
            default ->
                throw new IllegalArgumentException(
                        "ebms.soap-action must be 'strict' or 'lenient', not '" + setting + "'");
        };
    }

    /** Why a post with this SOAPAction value (null: no header) is refused, or null when it is accepted. */
    String refusal(String value) {
        if (this == LENIENT) {
            return null;
        }
        if (value == null) {
            return "the SOAPAction header is missing; ebMS 2.0 (appendix B.2.2) requires SOAPAction: \"ebXML\"";
        }
        String v = value.trim();
        if (v.equals(EBXML) || v.equals("ebXML")) {
            return null;
        }
        String shown = v.length() > 60 ? v.substring(0, 60) + "..." : v;
        return "the SOAPAction header is '" + shown.replaceAll("\\p{Cntrl}", "?") + "'; ebMS 2.0 (appendix B.2.2) "
                + "requires SOAPAction: \"ebXML\"";
    }
}
