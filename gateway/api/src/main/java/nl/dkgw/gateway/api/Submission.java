package nl.dkgw.gateway.api;

import java.util.List;
import java.util.Objects;
import nl.dkgw.cpa.PartyId;

/**
 * What an application hands the gateway to send: the CPA, service and action, payloads, and optionally a
 * conversation id, the sending party (when both parties could send the action) and its own message id
 * (for idempotent submission), and the id of the source event it was made from (kept with the message, e.g. to
 * report a failed delivery against it).
 */
public record Submission(
        String cpaId,
        String service,
        String action,
        List<Part> payloads,
        String conversationId,
        PartyId fromParty,
        String messageId,
        String sourceId) {

    public Submission {
        Objects.requireNonNull(cpaId, "cpaId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        payloads = payloads == null ? List.of() : List.copyOf(payloads);
    }

    public Submission(
            String cpaId,
            String service,
            String action,
            List<Part> payloads,
            String conversationId,
            PartyId fromParty,
            String messageId) {
        this(cpaId, service, action, payloads, conversationId, fromParty, messageId, null);
    }

    public static Submission of(String cpaId, String service, String action, Part... payloads) {
        return new Submission(cpaId, service, action, List.of(payloads), null, null, null);
    }

    public Submission withConversationId(String id) {
        return new Submission(cpaId, service, action, payloads, id, fromParty, messageId, sourceId);
    }

    public Submission withMessageId(String id) {
        return new Submission(cpaId, service, action, payloads, conversationId, fromParty, id, sourceId);
    }

    public Submission withSourceId(String id) {
        return new Submission(cpaId, service, action, payloads, conversationId, fromParty, messageId, id);
    }

    /** One payload: its content type, the bytes, and optionally the Content-ID to use (one is made up if null). */
    public record Part(String contentType, byte[] data, String contentId) {
        public Part {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(data, "data");
        }

        public static Part of(String contentType, byte[] data) {
            return new Part(contentType, data, null);
        }
    }
}
