package nl.dkgw.gateway.store;

import java.util.Objects;

/**
 * A file a received message announces (Grote Berichten metadata), to be downloaded: what the metadata says of it.
 * The store keeps the values as text; reading the metadata is the GB module's job.
 */
public record NewFileTransfer(
        String filename, String contentType, long size, String checksumAlgorithm, String checksum, String url) {

    public NewFileTransfer {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(url, "url");
    }
}
