package nl.dkgw.gateway.gb.transfer;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The error situations of the Koppelvlakstandaard Grote Berichten, in one place, with what the standard says goes
 * with each: the requirement that names it, the HTTP status a file endpoint answers (GB010 prescribes 403; the
 * others follow HTTP itself), and the status of the push response document (2020/09 schema) for the situations it
 * lists. A failed transfer's reason starts with {@link #reason}'s prefix, for example
 * {@code CHECKSUM_ERROR (GB015): ...}, so operators see the standard's code.
 */
public enum GbError {
    /** The URL names no file (MD002: one unique URL per file). */
    FILE_NOT_FOUND("MD002", 404, "FILE_NOT_FOUND"),
    /** The file's lifetime ended (MD004): the endpoint no longer offers it and answers as for an unknown file. */
    EXPIRED("MD004", 404, "FILE_NOT_FOUND"),
    /** The OIN in the client certificate is not the party the file is for or from (GB009, GB010). */
    NOT_AUTHORISED("GB010", 403, null),
    /** The file's size is not the size the metadata announced (GB014, "size error"). */
    INCORRECT_FILE_SIZE("GB014", 0, "INCORRECT_FILE_SIZE"),
    /** The file's checksum is not the checksum the metadata announced (GB015, "checksum error"). */
    CHECKSUM_ERROR("GB015", 0, "CHECKSUM_ERROR"),
    /** A checksum type outside MD006's list. */
    CHECKSUM_TYPE_NOT_SUPPORTED("MD006", 0, "CHECKSUM_TYPE_NOT_SUPPORTED"),
    /** Push with a compression or parts (GB017) the receiver cannot take (dkgw: more parts than it keeps). */
    COMPRESSION_NOT_SUPPORTED("GB017", 0, "COMPRESSION_NOT_SUPPORTED"),
    /** Push with a ZIP container (one upload or its parts joined) that does not unpack to one file (GB017). */
    DECOMPRESSION_ERROR("GB017", 0, "DECOMPRESSION_ERROR"),
    /** Metadata that is not valid against the schema (MD001); refused with an ebMS error. */
    INVALID_METADATA("MD001", 0, null),
    /** Anything else (the sender recovers per GB018; the push schema's only status that is not recoverable). */
    UNKNOWN_ERROR("GB018", 0, "UNKNOWN_ERROR");

    /** The ebMS error code a message is refused with when its GB metadata cannot be acted on. */
    public static final String EBMS_ERROR_CODE = "ValueNotRecognized";

    private final String requirement;
    private final int httpStatus;
    private final String pushStatus;

    GbError(String requirement, int httpStatus, String pushStatus) {
        this.requirement = requirement;
        this.httpStatus = httpStatus;
        this.pushStatus = pushStatus;
    }

    /** The standard's requirement that names this situation, e.g. {@code GB015}. */
    public String requirement() {
        return requirement;
    }

    /** The HTTP status the file endpoint answers in this situation, when it is one the endpoint detects. */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The status value of the push response document (2020/09) for this situation, when the schema lists one. */
    public Optional<String> pushStatus() {
        return Optional.ofNullable(pushStatus);
    }

    /** Whether a sender can put it right by sending again: all but {@link #UNKNOWN_ERROR}, as the standard says. */
    public boolean recoverable() {
        return this != UNKNOWN_ERROR;
    }

    /** A reason that starts with this code and its requirement: {@code CHECKSUM_ERROR (GB015): detail}. */
    public String reason(String detail) {
        return name() + " (" + requirement + "): " + detail;
    }

    /** The code a reason written by {@link #reason} starts with; empty for other text. */
    public static Optional<GbError> ofReason(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(e -> reason.startsWith(e.name() + " (" + e.requirement + "): "))
                .findFirst();
    }

    /** What an HTTP answer from a file endpoint means: 403, 404 and 410 by the standard, anything else unknown. */
    public static GbError ofHttpStatus(int status) {
        return switch (status) {
            case 403 -> NOT_AUTHORISED;
            case 404 -> FILE_NOT_FOUND;
            case 410 -> EXPIRED;
            default -> UNKNOWN_ERROR;
        };
    }
}
