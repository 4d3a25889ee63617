package nl.dkgw.gateway.msh;

/** A submission cannot be accepted: unknown CPA, an action the CPA does not allow, a bad payload. */
public class SubmissionException extends Exception {
    public SubmissionException(String message) {
        super(message);
    }
}
