package nl.dkgw.gateway.api;

import java.nio.file.Path;

/**
 * A file a received message announced (Grote Berichten): what the metadata said of it (name, content type, size,
 * checksum as {@code ALGORITHM:hex}), where its download stands, the reason when it failed, and where it is once it
 * arrived.
 */
public record ReceivedFile(
        long messagePk,
        String transferId,
        String filename,
        String contentType,
        long size,
        String checksum,
        Status status,
        String failure,
        Path path) {

    public enum Status {
        /** Downloading, or waiting to resume (after a stop or a broken connection). */
        DOWNLOADING,
        /** Arrived, size and checksum verified: {@link #path()} is the file. */
        COMPLETED,
        /** Given up: {@link #failure()} says why; the message is not offered to the application. */
        FAILED
    }
}
