package nl.dkgw.routes.flow;

import java.util.List;

/**
 * An event that will not be sent, with the reasons in words. The reasons never contain a BSN or other field value,
 * so they may be logged and returned to callers.
 */
public final class FlowRejectedException extends Exception {

    /** Why an event is not sent. */
    public enum Kind {
        /** Not parseable as JSON or XML at all (HTTP 400). */
        MALFORMED,
        /** Parseable, but breaks the flow's schema or rules (HTTP 422). */
        INVALID,
        /** A valid event the person did not consent to sending (HTTP 422); the decision is recorded. */
        NO_CONSENT
    }

    private final Kind kind;
    private final List<String> reasons;

    public FlowRejectedException(Kind kind, List<String> reasons) {
        super(kind + ": " + String.join("; ", reasons));
        this.kind = kind;
        this.reasons = List.copyOf(reasons);
    }

    public static FlowRejectedException malformed(String reason) {
        return new FlowRejectedException(Kind.MALFORMED, List.of(reason));
    }

    public Kind kind() {
        return kind;
    }

    public List<String> reasons() {
        return reasons;
    }

    /** The reasons as one line, e.g. for a {@code .reason} file or a header. */
    public String reasonText() {
        return String.join("; ", reasons);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, not a bug: no stack trace in logs
    }
}
