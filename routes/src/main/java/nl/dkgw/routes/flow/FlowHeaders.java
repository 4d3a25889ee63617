package nl.dkgw.routes.flow;

/**
 * The Camel message headers the flows read and write. The {@code ebms} component of the gateway uses the same names
 * for the ebMS MessageId and ConversationId.
 */
public final class FlowHeaders {

    /** The ebMS MessageId: set before submission to make it idempotent; set by the ebms endpoints afterwards. */
    public static final String MESSAGE_ID = "DkgwMessageId";
    /** The ebMS ConversationId. */
    public static final String CONVERSATION_ID = "DkgwConversationId";
    /** A stable id of the source event (JMS message id, outbox row id, file digest, Idempotency-Key). */
    public static final String SOURCE_ID = "DkgwSourceId";
    /** On a dead-lettered message: why it was not sent, in words (never with a BSN). */
    public static final String REJECT_REASON = "DkgwRejectReason";
    /**
     * On a dead-lettered message: MALFORMED, INVALID or NO_CONSENT (the flow rejected it), or REFUSED (the gateway
     * refused its submission for good; {@link #SUBMISSION_FAILURE} and {@link #SUBMISSION_REMEDY} say why).
     */
    public static final String REJECT_KIND = "DkgwRejectKind";
    /** On a dead-lettered message: the flow it was meant for. */
    public static final String FLOW = "DkgwFlow";
    /** On a failure report: why the delivery of the message finally failed. */
    public static final String FAILURE_REASON = "DkgwFailureReason";
    /** On a failure report: the CPA of the failed message. */
    public static final String CPA_ID = "DkgwCpaId";
    /** On a failure report: the ebMS Service of the failed message. */
    public static final String SERVICE = "DkgwService";
    /** On a failure report: the ebMS Action of the failed message. */
    public static final String ACTION = "DkgwAction";
    /**
     * On a received message that announced Grote Berichten files (set by the gateway's {@code ebms} consumer): the
     * files, all arrived and verified, as a list of maps with the keys {@code transferId}, {@code filename},
     * {@code contentType}, {@code size}, {@code checksum} ({@code ALGORITHM:hex}) and {@code path}.
     */
    public static final String FILES = "DkgwFiles";
    /** On a delivered file (JMS): its name as the sender announced it. */
    public static final String FILE_NAME = "DkgwFileName";
    /** On a delivered file (JMS): its content type. */
    public static final String FILE_CONTENT_TYPE = "DkgwFileContentType";
    /** On a delivered file (JMS): its size in bytes. */
    public static final String FILE_SIZE = "DkgwFileSize";
    /** On a delivered file (JMS): its verified checksum, {@code ALGORITHM:hex}. */
    public static final String FILE_CHECKSUM = "DkgwFileChecksum";
    /** On a delivered file (JMS): where it is on the node (absolute path in {@code gb.download-dir}). */
    public static final String FILE_PATH = "DkgwFilePath";
    /** On a delivered file (JMS): its place among the message's files, from 1. */
    public static final String FILE_INDEX = "DkgwFileIndex";
    /** On a delivered file (JMS): how many files the message announced. */
    public static final String FILE_COUNT = "DkgwFileCount";

    /** Exchange property holding the {@link nl.dkgw.routes.flow.FlowRejectedException} of a rejected event. */
    public static final String REJECTION_PROPERTY = "DkgwRejection";

    /**
     * Exchange property set by the gateway's {@code ebms} producer when it does not accept a submission: why, e.g.
     * {@code UNKNOWN_CPA} or {@code STORE_UNAVAILABLE} (the gateway's {@code SubmissionFailure} by name). Also a
     * header of the same name on an event a source dead-letters as REFUSED.
     */
    public static final String SUBMISSION_FAILURE = "DkgwSubmissionFailure";
    /**
     * Exchange property set by the gateway's {@code ebms} producer when it does not accept a submission: what must
     * change first, one of {@link #CHANGE_SUBMISSION}, {@link #FIX_NODE}, {@link #TRY_AGAIN}. A string rather than a
     * gateway type, so that the routes do not depend on the gateway. Also a header of the same name on an event a
     * source dead-letters as REFUSED.
     */
    public static final String SUBMISSION_REMEDY = "DkgwSubmissionRemedy";
    /** {@link #SUBMISSION_REMEDY}: the gateway refused this message (unknown CPA or action, a value too long). */
    public static final String CHANGE_SUBMISSION = "CHANGE_SUBMISSION";
    /** {@link #SUBMISSION_REMEDY}: the node cannot send on the CPA as configured (e.g. no signing key). */
    public static final String FIX_NODE = "FIX_NODE";
    /** {@link #SUBMISSION_REMEDY}: a temporary failure (the store is down); the same event may be tried again. */
    public static final String TRY_AGAIN = "TRY_AGAIN";

    private FlowHeaders() {}
}
