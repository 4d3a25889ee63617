package nl.dkgw.gateway.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.PayloadContent;

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

    /**
     * One payload: its content type, its bytes as a {@link PayloadContent} (in memory, in a file, or wherever the
     * application keeps them; opened as a stream when the message is stored, never read whole), and optionally the
     * Content-ID to use (one is made up if null).
     */
    public record Part(String contentType, PayloadContent content, String contentId) {
        public Part {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
        }

        /** A part whose bytes are in memory. */
        public Part(String contentType, byte[] data, String contentId) {
            this(contentType, PayloadContent.of(Objects.requireNonNull(data, "data")), contentId);
        }

        public static Part of(String contentType, byte[] data) {
            return new Part(contentType, data, null);
        }

        /** A part whose bytes are in a file, read as a stream when the message is stored. */
        public static Part ofFile(String contentType, Path file) {
            return new Part(contentType, PayloadContent.ofFile(file), null);
        }

        /** A part with its bytes wherever {@code content} keeps them. */
        public static Part of(String contentType, PayloadContent content) {
            return new Part(contentType, content, null);
        }

        /**
         * The whole part in memory. Only for parts known to be small (tests, metadata): a large part is read through
         * {@link PayloadContent#open()}.
         */
        public byte[] data() {
            return content.bytes();
        }

        /** The part's size in bytes, or -1 when not known without reading it. */
        public long size() {
            return content.length();
        }
    }
}
