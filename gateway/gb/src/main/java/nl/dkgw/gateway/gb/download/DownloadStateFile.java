package nl.dkgw.gateway.gb.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.ChecksumAlgorithm;

/**
 * Keeps a {@link DownloadState} in {@code <transfer id>.state} (a properties file) in the download directory,
 * written to a temporary file, flushed to disk and moved into place, so a crash leaves the old or the new state.
 */
final class DownloadStateFile {

    private final Path directory;

    DownloadStateFile(Path directory) {
        this.directory = directory;
    }

    Optional<DownloadState> load(String transferId) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path(transferId))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            ChecksumAlgorithm algorithm = ChecksumAlgorithm.byMetadataName(p.getProperty("checksumType"))
                    .orElseThrow();
            return Optional.of(new DownloadState(
                    p.getProperty("transferId"),
                    URI.create(p.getProperty("url")),
                    Long.parseLong(p.getProperty("size")),
                    new Checksum(algorithm, p.getProperty("checksum")),
                    p.getProperty("entityTag"),
                    Integer.parseInt(p.getProperty("attempts")),
                    DownloadStatus.valueOf(p.getProperty("status")),
                    p.getProperty("failure")));
        } catch (RuntimeException e) {
            throw new IOException("the download state " + path(transferId) + " is damaged: " + e.getMessage(), e);
        }
    }

    void save(DownloadState state) throws IOException {
        Properties p = new Properties();
        p.setProperty("transferId", state.transferId());
        p.setProperty("url", state.url().toString());
        p.setProperty("size", Long.toString(state.size()));
        p.setProperty("checksumType", state.checksum().algorithm().metadataName());
        p.setProperty("checksum", state.checksum().hex());
        if (state.entityTag() != null) {
            p.setProperty("entityTag", state.entityTag());
        }
        p.setProperty("attempts", Integer.toString(state.attempts()));
        p.setProperty("status", state.status().name());
        if (state.failure() != null) {
            p.setProperty("failure", state.failure());
        }
        Path target = path(state.transferId());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            p.store(out, "dkgw Grote Berichten download");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path path(String transferId) {
        return directory.resolve(transferId + ".state");
    }
}
