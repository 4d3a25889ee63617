package nl.dkgw.gateway.msh;

import nl.dkgw.gateway.api.SubmissionFailure;

/**
 * A submission was not accepted, with the {@link SubmissionFailure reason} each surface maps to its own answer and a
 * message in words for the submitter.
 */
public class SubmissionException extends Exception {

    private final SubmissionFailure reason;

    public SubmissionException(SubmissionFailure reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SubmissionException(SubmissionFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The database failed while the submission was being stored: the submitter may try again later. */
    public static SubmissionException storeUnavailable(RuntimeException cause) {
        return new SubmissionException(
                SubmissionFailure.STORE_UNAVAILABLE,
                "the message store is not available now, " + "try again later: " + cause.getMessage(),
                cause);
    }

    public SubmissionFailure reason() {
        return reason;
    }

    /** Whether the same submission may succeed when tried again unchanged. */
    public boolean retryable() {
        return reason.retryable();
    }
}
