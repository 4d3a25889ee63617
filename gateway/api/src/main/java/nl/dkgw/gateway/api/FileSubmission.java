package nl.dkgw.gateway.api;

import java.io.InputStream;
import java.util.Objects;

/**
 * A file to send through Grote Berichten: the CPA, service and action of the metadata message, the file's content as
 * a stream (read to its end once, never held whole), its name (letters, digits, '.', '_', '-'; at most 200) and
 * content type, and optionally a conversation id for the metadata message, its own message id (idempotent, as in
 * {@link Submission#messageId()}: a file offered again under a message id already stored is not stored again, the
 * answer is the message stored the first time), the id of the source event (kept with the message), and how the file
 * travels ({@link Mode}; null: the node's {@code gb.mode-by-cpa} for the CPA, else its {@code gb.mode}).
 */
public record FileSubmission(
        String cpaId,
        String service,
        String action,
        InputStream content,
        String filename,
        String contentType,
        String conversationId,
        String messageId,
        String sourceId,
        Mode mode) {

    /** How the file travels: offered for the receiver to fetch (pull) or uploaded to it first (push). */
    public enum Mode {
        PULL,
        PUSH
    }

    public FileSubmission {
        Objects.requireNonNull(cpaId, "cpaId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
    }

    public FileSubmission(
            String cpaId,
            String service,
            String action,
            InputStream content,
            String filename,
            String contentType,
            String conversationId) {
        this(cpaId, service, action, content, filename, contentType, conversationId, null, null, null);
    }

    /** Without a mode: the node's {@code gb.mode} decides. */
    public FileSubmission(
            String cpaId,
            String service,
            String action,
            InputStream content,
            String filename,
            String contentType,
            String conversationId,
            String messageId,
            String sourceId) {
        this(cpaId, service, action, content, filename, contentType, conversationId, messageId, sourceId, null);
    }

    public FileSubmission withMessageId(String id) {
        return new FileSubmission(
                cpaId, service, action, content, filename, contentType, conversationId, id, sourceId, mode);
    }

    public FileSubmission withSourceId(String id) {
        return new FileSubmission(
                cpaId, service, action, content, filename, contentType, conversationId, messageId, id, mode);
    }

    /** This file sent in {@code newMode} whatever the node's configuration says; null for the node's choice. */
    public FileSubmission withMode(Mode newMode) {
        return new FileSubmission(
                cpaId, service, action, content, filename, contentType, conversationId, messageId, sourceId, newMode);
    }

    public static FileSubmission of(
            String cpaId, String service, String action, InputStream content, String filename, String contentType) {
        return new FileSubmission(cpaId, service, action, content, filename, contentType, null);
    }
}
