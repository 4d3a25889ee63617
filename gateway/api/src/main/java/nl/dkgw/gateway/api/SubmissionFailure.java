package nl.dkgw.gateway.api;

/**
 * Why a submission was not accepted. Each surface maps these once: the admin API to an HTTP status
 * ({@code http.SubmissionAnswer}), {@code dkgw send} to an exit code, the {@code ebms:} producer to its exchange
 * properties. Only {@link Remedy#TRY_AGAIN} failures may be retried unchanged.
 */
public enum SubmissionFailure {
    /** No CPA with this id is imported on this node. */
    UNKNOWN_CPA(Remedy.CHANGE_SUBMISSION),
    /** The CPA is imported but not valid now (its period has not begun or has ended, or it is not agreed). */
    CPA_NOT_ACTIVE(Remedy.CHANGE_SUBMISSION),
    /** The CPA does not let this party send this service and action (or does not know them). */
    NOT_ALLOWED_BY_CPA(Remedy.CHANGE_SUBMISSION),
    /** A value the message cannot carry: an empty MessageId or ConversationId, an unusable Content-ID. */
    MALFORMED(Remedy.CHANGE_SUBMISSION),
    /** A header value is longer than the message store or the receiving side can keep. */
    VALUE_TOO_LONG(Remedy.CHANGE_SUBMISSION),
    /**
     * The node cannot send on this CPA as configured: no signing key, no encryption certificate in the CPA, a key or
     * algorithm that does not work. The operator must act; retrying the same submission does not help.
     */
    NODE_MISCONFIGURED(Remedy.FIX_NODE),
    /**
     * Grote Berichten push: the receiving party's file endpoint refused this node's upload (403, GB010: it does not
     * accept this node's certificate or OIN; or another 4xx). The file is not kept; the operators must agree before
     * the same file can go, so retrying unchanged does not help.
     */
    UPLOAD_REFUSED(Remedy.FIX_NODE),
    /** The database could not store or read the message now; the same submission can be tried again later. */
    STORE_UNAVAILABLE(Remedy.TRY_AGAIN);

    /** What has to change before the same submission can succeed. */
    public enum Remedy {
        /** The submitter must send something else (another CPA, action, value). */
        CHANGE_SUBMISSION,
        /** The node's operator must fix its configuration or its CPAs. */
        FIX_NODE,
        /** Nothing: the failure is temporary, the same submission may be tried again later. */
        TRY_AGAIN
    }

    private final Remedy remedy;

    SubmissionFailure(Remedy remedy) {
        this.remedy = remedy;
    }

    public Remedy remedy() {
        return remedy;
    }

    /** Whether the same submission may succeed when tried again unchanged. */
    public boolean retryable() {
        return remedy == Remedy.TRY_AGAIN;
    }
}
