package nl.dkgw.gateway.gb.download;

import java.nio.file.Path;
import java.util.Optional;

/** How a download ended: completed with the verified file, or failed with the reason; and the attempts it took. */
public record DownloadResult(String transferId, DownloadStatus status, Path file, String failure, int attempts) {

    public boolean completed() {
        return status == DownloadStatus.COMPLETED;
    }

    public Optional<Path> fileIfCompleted() {
        return completed() ? Optional.of(file) : Optional.empty();
    }
}
