package nl.dkgw.gateway.http;

import java.time.Duration;
import nl.dkgw.gateway.api.SubmissionFailure;

/**
 * The admin API's answer to a submission that was not accepted: one HTTP status per {@link SubmissionFailure}. Only a
 * retryable failure is 503, with a Retry-After, so that a caller's retry policy never repeats a submission that
 * cannot succeed. Documented in docs/admin-api.md.
 */
final class SubmissionAnswer {

    /** How long a caller should wait before trying a submission again the store could not take. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private SubmissionAnswer() {}

    static int status(SubmissionFailure reason) {
        return switch (reason) {
            case MALFORMED -> 400;
            case UNKNOWN_CPA, CPA_NOT_ACTIVE, NOT_ALLOWED_BY_CPA, VALUE_TOO_LONG -> 422;
            case NODE_MISCONFIGURED -> 500;
            case UPLOAD_REFUSED -> 502;
            case STORE_UNAVAILABLE -> 503;
        };
    }
}
