package nl.dkgw.gateway.api;

import java.io.InputStream;
import java.util.Objects;

/**
 * A file to send through Grote Berichten: the CPA, service and action of the metadata message, the file's content as
 * a stream (read to its end once, never held whole), its name (letters, digits, '.', '_', '-'; at most 200) and
 * content type, and optionally a conversation id for the metadata message.
 */
public record FileSubmission(
        String cpaId,
        String service,
        String action,
        InputStream content,
        String filename,
        String contentType,
        String conversationId) {

    public FileSubmission {
        Objects.requireNonNull(cpaId, "cpaId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
    }

    public static FileSubmission of(
            String cpaId, String service, String action, InputStream content, String filename, String contentType) {
        return new FileSubmission(cpaId, service, action, content, filename, contentType, null);
    }
}
