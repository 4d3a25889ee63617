package nl.dkgw.gateway.api;

/** Thrown where a refused submission has to fail a caller's operation (the {@code ebms:} producer's exchange). */
public final class SubmissionRefusedException extends Exception {

    private final SubmissionFailure reason;

    public SubmissionRefusedException(SubmitResult.Refused refused) {
        super(refused.detail());
        this.reason = refused.reason();
    }

    public SubmissionFailure reason() {
        return reason;
    }
}
