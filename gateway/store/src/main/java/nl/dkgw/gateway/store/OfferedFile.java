package nl.dkgw.gateway.store;

import java.time.Instant;

/**
 * A file this party offers on its Grote Berichten file endpoint (table gb_offered_file): under which CPA and metadata
 * message, for whom, until when, how many bytes the receiver has fetched from the start without a gap, when it had
 * them all, and when the stored file was removed and why.
 */
public record OfferedFile(
        String fileId,
        Long messagePk,
        String messageId,
        String cpaId,
        String filename,
        String contentType,
        long size,
        String checksum,
        String receiverOin,
        Instant storedAt,
        Instant expiresAt,
        long bytesServed,
        Instant fetchedAt,
        Instant removedAt,
        String removedReason) {

    /** The receiving party had every byte of the file served to it. */
    public boolean fetchedCompletely() {
        return fetchedAt != null;
    }
}
