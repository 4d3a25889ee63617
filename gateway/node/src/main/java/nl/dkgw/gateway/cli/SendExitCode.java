package nl.dkgw.gateway.cli;

import java.util.Optional;
import nl.dkgw.gateway.api.SubmissionFailure;

/**
 * The exit codes of {@code dkgw send}: one per {@link SubmissionFailure} the node names, so that a script can tell a
 * submission to fix from a node to fix and from a moment to try again (75, as EX_TEMPFAIL of sysexits.h). Listed in
 * the command's help and in docs/admin-api.md.
 */
final class SendExitCode {

    static final int SENT = 0;
    /** The node could not be reached, or answered with an error that names no submission failure. */
    static final int OTHER_FAILURE = 1;
    /** A usage error (picocli's own) or a payload file that cannot be read. */
    static final int USAGE = 2;

    private SendExitCode() {}

    static int of(SubmissionFailure reason) {
        return switch (reason) {
            case UNKNOWN_CPA -> 3;
            case CPA_NOT_ACTIVE -> 4;
            case NOT_ALLOWED_BY_CPA -> 5;
            case MALFORMED -> 6;
            case VALUE_TOO_LONG -> 7;
            case NODE_MISCONFIGURED -> 8;
            case UPLOAD_REFUSED -> 9;
            case STORE_UNAVAILABLE -> 75;
        };
    }

    /** The exit code of a failed admin API answer: by the reason it names, else {@link #OTHER_FAILURE}. */
    static int of(AdminClient.Answer answer) {
        return reason(answer).map(SendExitCode::of).orElse(OTHER_FAILURE);
    }

    private static Optional<SubmissionFailure> reason(AdminClient.Answer answer) {
        if (answer.json() == null || !answer.json().hasNonNull("reason")) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    SubmissionFailure.valueOf(answer.json().get("reason").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a reason a newer node knows and this CLI does not
        }
    }
}
