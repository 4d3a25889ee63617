package nl.dkgw.gateway.gb.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.dkgw.pki.Oin;

/**
 * The receiver's files uploaded by peers (push), one directory per uploading OIN, so a file can only ever be taken
 * for a message from the party that uploaded it. A body is streamed to a temporary file under {@code .incoming/} in
 * small blocks, forced to disk and moved into place only when it arrived whole; a later upload of the same name
 * replaces it (GB016). The push request that follows names the file; {@link #take} moves it to where the transfer
 * delivers it from. Uploads no push request claimed, and temporary files a stop left behind, are removed by
 * {@link #removeOlderThan} once they are older than the node's file lifetime.
 */
public final class PushedFileStore {

    /** A name a peer may upload under: like MD007's file names, at most 200 characters, not starting with '.'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private static final int BLOCK = 64 * 1024;

    private final Path directory;

    public PushedFileStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** The name when it is one a peer may upload under; empty for anything else (so no path is built from it). */
    public static Optional<String> name(String text) {
        return text != null && NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }

    /** Whether the peer has a file under this name now. */
    public boolean has(Oin uploader, String name) {
        return Files.isRegularFile(file(uploader, name));
    }

    /**
     * Stores an upload, replacing an earlier one of the same name once this one arrived whole.
     *
     * @param announcedLength the request's {@code Content-Length}, or -1 when it gave none
     * @return the number of bytes stored
     * @throws IOException when the body broke off or was not as long as announced; nothing is left behind then
     */
    public long receive(Oin uploader, String name, InputStream body, long announcedLength) throws IOException {
        Path target = file(uploader, name);
        Path incoming = Files.createDirectories(target.getParent().resolve(".incoming"))
                .resolve(name + "." + UUID.randomUUID());
        long written = 0;
        try {
            try (OutputStream out = Files.newOutputStream(incoming, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[BLOCK];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    written += n;
                }
            }
            if (announcedLength >= 0 && written != announcedLength) {
                throw new IOException("the upload ended after " + written + " of " + announcedLength + " bytes");
            }
            try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return written;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    /**
     * Moves the peer's upload to {@code destination} (same file system), replacing what is there.
     *
     * @return false when the peer has no file under this name
     */
    public boolean take(Oin uploader, String name, Path destination) throws IOException {
        try {
            Files.move(
                    file(uploader, name),
                    destination,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Removes every upload and temporary file last written before {@code cutoff}: uploads no push request named in
     * time, and what a stop in the middle of an upload left.
     *
     * @return how many files were removed
     */
    public int removeOlderThan(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> uploaders = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path uploader : uploaders) {
                removed += removeOlderThan(uploader, cutoff) + removeOlderThan(uploader.resolve(".incoming"), cutoff);
            }
        }
        return removed;
    }

    private static int removeOlderThan(Path dir, Instant cutoff) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private Path file(Oin uploader, String name) {
        String checked = name(name).orElseThrow(() -> new IllegalArgumentException("not an upload name: " + name));
        return directory.resolve(uploader.value()).resolve(checked);
    }
}
