package nl.dkgw.gateway.camel;

/** Header names of the {@code ebms} component. */
public final class EbmsConstants {

    /** In (producer): the MessageId to submit under (idempotent). Out: the ebMS MessageId of the message. */
    public static final String MESSAGE_ID = "DkgwMessageId";
    /** In (producer): the ConversationId to use. Out: the ebMS ConversationId. */
    public static final String CONVERSATION_ID = "DkgwConversationId";
    /** Consumer: the CPA of the received message. */
    public static final String CPA_ID = "DkgwCpaId";
    /** Consumer: the ebMS Service of the received message. */
    public static final String SERVICE = "DkgwService";
    /** Consumer: the ebMS Action of the received message. */
    public static final String ACTION = "DkgwAction";
    /** Consumer: the sending party (type:value). */
    public static final String FROM_PARTY = "DkgwFromParty";
    /** Consumer: the gateway's key of the received message. */
    public static final String MESSAGE_PK = "DkgwMessagePk";
    /** Consumer: every payload of the message as a {@code List<nl.dkgw.gateway.ebms.Payload>} (the body is the first). */
    public static final String PAYLOADS = "DkgwPayloads";
    /**
     * In (producer): the id of the source event the message is made from, stored with the message. Consumer of
     * failed messages: the source id the message was submitted with.
     */
    public static final String SOURCE_ID = "DkgwSourceId";
    /** Consumer of failed messages ({@code consume=failed}): why the delivery finally failed. */
    public static final String FAILURE_REASON = "DkgwFailureReason";
    /** Consumer of failed messages: when the message was last changed (when it failed), ISO-8601. */
    public static final String FAILED_AT = "DkgwFailedAt";
    /** Producer: the ebMS message status right after submission (PENDING); consumer of failed messages: FAILED. */
    public static final String STATUS = "DkgwStatus";

    /**
     * In (producer with {@code largeFile=true}): the name the file is announced under (letters, digits, '.', '_',
     * '-'; at most 200); without it the Camel file name ({@code CamelFileNameOnly}) is used.
     */
    public static final String FILE_NAME = "DkgwFileName";
    /** In (producer with {@code largeFile=true}): the file's content type; without it the endpoint's contentType. */
    public static final String FILE_CONTENT_TYPE = "DkgwFileContentType";
    /**
     * Consumer: the Grote Berichten files the received message announced, all arrived and verified (the gateway
     * offers such a message only then), in the order of its metadata, as a {@code List<Map<String, Object>>} with the
     * keys {@value #FILE_TRANSFER_ID}, {@value #FILE_FILENAME}, {@value #FILE_CONTENT_TYPE_KEY}, {@value #FILE_SIZE}
     * (a Long), {@value #FILE_CHECKSUM} ({@code ALGORITHM:hex}) and {@value #FILE_PATH} (the absolute path of the
     * verified file in the node's {@code gb.download-dir}); plain values, so that a route needs no gateway type.
     * Absent when the message announced none. The body is then the GB metadata.
     */
    public static final String FILES = "DkgwFiles";

    /** Key of a {@link #FILES} entry: the gateway's id of the transfer (unique per file). */
    public static final String FILE_TRANSFER_ID = "transferId";
    /** Key of a {@link #FILES} entry: the file name the metadata gave. */
    public static final String FILE_FILENAME = "filename";
    /** Key of a {@link #FILES} entry: the content type the metadata gave. */
    public static final String FILE_CONTENT_TYPE_KEY = "contentType";
    /** Key of a {@link #FILES} entry: the size in bytes. */
    public static final String FILE_SIZE = "size";
    /** Key of a {@link #FILES} entry: the verified checksum, {@code ALGORITHM:hex}. */
    public static final String FILE_CHECKSUM = "checksum";
    /** Key of a {@link #FILES} entry: the absolute path of the file. */
    public static final String FILE_PATH = "path";

    /**
     * Exchange property (producer) when a submission is not accepted: the {@link
     * nl.dkgw.gateway.api.SubmissionFailure} by name, e.g. {@code UNKNOWN_CPA}. The exchange fails with the
     * {@link nl.dkgw.gateway.msh.SubmissionException} itself.
     */
    public static final String SUBMISSION_FAILURE = "DkgwSubmissionFailure";
    /**
     * Exchange property (producer) when a submission is not accepted: what must change before it can succeed, by
     * name: {@code CHANGE_SUBMISSION}, {@code FIX_NODE} or {@code TRY_AGAIN} (only this one is worth retrying
     * unchanged). A plain string, so that routes which do not see the gateway's types can act on it.
     */
    public static final String SUBMISSION_REMEDY = "DkgwSubmissionRemedy";

    private EbmsConstants() {}
}
