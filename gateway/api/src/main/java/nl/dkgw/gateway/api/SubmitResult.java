package nl.dkgw.gateway.api;

/**
 * What became of a submission: accepted (stored with its delivery task, or the message already stored under the
 * same MessageId) or refused with a reason the caller can act on.
 */
public sealed interface SubmitResult {

    record Accepted(MessageSummary message) implements SubmitResult {}

    /** {@code reason.remedy()} says whether to change the submission, fix the node or try again later. */
    record Refused(SubmissionFailure reason, String detail) implements SubmitResult {}
}
