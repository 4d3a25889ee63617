package nl.dkgw.gateway.api;

import java.time.Instant;

/**
 * A file this node sent (offered for download) through Grote Berichten, as the sender sees it: what it announced (name, content type,
 * size, checksum as {@code SHA256:hex}), until when it is offered, how many bytes the receiver fetched from the start
 * so far, whether it fetched them all, and when and why the stored file was removed (null while it is offered).
 *
 * @param removedReason {@code fetched}, {@code expired} or {@code message-failed}
 */
public record SentFile(
        String fileId,
        String filename,
        String contentType,
        long size,
        String checksum,
        Instant expiresAt,
        long bytesServed,
        boolean fetchedCompletely,
        Instant removedAt,
        String removedReason) {}
