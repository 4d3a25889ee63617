package nl.dkgw.gateway.store;

import java.time.Instant;
import java.util.Objects;

/** A file just stored in the sender's file store, offered under a CPA to one receiving party until it expires. */
public record NewOfferedFile(
        String fileId,
        String cpaId,
        String filename,
        String contentType,
        long size,
        String checksum,
        String receiverOin,
        Instant storedAt,
        Instant expiresAt) {

    public NewOfferedFile {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(cpaId, "cpaId");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(receiverOin, "receiverOin");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
