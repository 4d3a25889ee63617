package nl.dkgw.gateway.gb.store;

import java.time.Instant;
import java.util.Objects;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.pki.Oin;

/**
 * A file in the sender's store: its id, the name and content type it was offered under, what was measured while
 * storing it (size, SHA-256), the one party allowed to fetch it and its lifetime.
 */
public record StoredFile(
        FileId id,
        String filename,
        String contentType,
        long size,
        Checksum sha256,
        Oin receiver,
        Instant storedAt,
        Instant expiresAt) {

    public StoredFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The file is gone from the moment its lifetime ends. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** A strong entity tag for HTTP (GB001): the content's SHA-256, which changes whenever the content would. */
    public String entityTag() {
        return "\"" + sha256.hex() + "\"";
    }
}
