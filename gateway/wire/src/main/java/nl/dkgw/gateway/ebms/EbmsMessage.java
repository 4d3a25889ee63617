package nl.dkgw.gateway.ebms;

import java.time.Instant;
import java.util.List;

/**
 * An ebMS 2.0 message: the header, the optional header extensions and body elements the gateway understands, and the
 * payload parts. Optional parts are null when absent.
 */
public record EbmsMessage(
        MessageHeader header,
        AckRequested ackRequested,
        boolean syncReply,
        Long sequenceNumber,
        Acknowledgment acknowledgment,
        List<EbmsError> errors,
        List<String> manifest,
        String statusRequestRef,
        StatusResponse statusResponse,
        List<Payload> payloads) {

    public EbmsMessage {
        errors = errors == null ? List.of() : List.copyOf(errors);
        payloads = payloads == null ? List.of() : List.copyOf(payloads);
        manifest = manifest == null ? null : List.copyOf(manifest);
    }

    /** eb:AckRequested: the receiver must acknowledge; {@code signed} asks for a signed receipt. */
    public record AckRequested(String actor, boolean signed) {}

    /** eb:Acknowledgment. */
    public record Acknowledgment(Instant timestamp, String refToMessageId) {}

    /** eb:StatusResponse. */
    public record StatusResponse(String refToMessageId, String messageStatus, Instant timestamp) {}

    public boolean isErrorMessage() {
        return !errors.isEmpty();
    }
}
