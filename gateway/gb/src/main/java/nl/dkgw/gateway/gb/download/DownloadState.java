package nl.dkgw.gateway.gb.download;

import java.net.URI;
import java.util.Objects;
import nl.dkgw.gateway.gb.metadata.Checksum;

/**
 * What is kept about a download between attempts and restarts: the request it serves, the entity tag of the bytes
 * already in the part file (sent as {@code If-Range} so a changed file is fetched whole), attempts used, status
 * and, once failed, why. The bytes received so far are the part file's length, not a number kept here.
 */
public record DownloadState(
        String transferId,
        URI url,
        long size,
        Checksum checksum,
        String entityTag,
        int attempts,
        DownloadStatus status,
        String failure) {

    public DownloadState {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(status, "status");
    }

    static DownloadState start(DownloadRequest request) {
        return new DownloadState(
                request.transferId(),
                request.url(),
                request.size(),
                request.checksum(),
                null,
                0,
                DownloadStatus.IN_PROGRESS,
                null);
    }

    /** True when this state belongs to the same file (a new metadata message for the same id starts afresh). */
    boolean serves(DownloadRequest request) {
        return url.equals(request.url()) && size == request.size() && checksum.equals(request.checksum());
    }

    DownloadState withEntityTag(String tag) {
        return new DownloadState(transferId, url, size, checksum, tag, attempts, status, failure);
    }

    DownloadState withAttempts(int count) {
        return new DownloadState(transferId, url, size, checksum, entityTag, count, status, failure);
    }

    DownloadState completed() {
        return new DownloadState(transferId, url, size, checksum, entityTag, attempts, DownloadStatus.COMPLETED, null);
    }

    DownloadState failed(String reason) {
        return new DownloadState(transferId, url, size, checksum, entityTag, attempts, DownloadStatus.FAILED, reason);
    }
}
