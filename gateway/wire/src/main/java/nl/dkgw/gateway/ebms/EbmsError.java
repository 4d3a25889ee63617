package nl.dkgw.gateway.ebms;

/** One eb:Error: what went wrong, where in the message, in words the sender can act on. */
public record EbmsError(ErrorCode code, Severity severity, String location, String description) {

    public enum Severity {
        Warning,
        Error
    }

    public static EbmsError error(ErrorCode code, String location, String description) {
        return new EbmsError(code, Severity.Error, location, description);
    }

    @Override
    public String toString() {
        return code + (location == null || location.isEmpty() ? "" : " at " + location) + ": " + description;
    }
}
