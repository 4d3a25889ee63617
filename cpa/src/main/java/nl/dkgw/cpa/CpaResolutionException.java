package nl.dkgw.cpa;

/** A CPA does not allow what was asked. {@link #reason()} says which part did not match; the message says it in words. */
public class CpaResolutionException extends Exception {

    public enum Reason {
        UNKNOWN_CPA,
        CPA_NOT_ACTIVE,
        UNKNOWN_PARTY,
        ROLE_MISMATCH,
        UNKNOWN_SERVICE,
        UNKNOWN_ACTION,
        NOT_ALLOWED,
        AMBIGUOUS
    }

    private final Reason reason;

    public CpaResolutionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
