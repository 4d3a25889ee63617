package nl.dkgw.gateway.gb.store;

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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.ChecksumAlgorithm;
import nl.dkgw.gateway.gb.metadata.DataReference;
import nl.dkgw.pki.Oin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a sender offers for download. {@link #store} copies a stream into the directory in small buffers,
 * measuring size and SHA-256 on the way (the file is never held in memory), and registers it for one receiving
 * party with a lifetime; {@link #find} answers only files that exist and have not expired; {@link #removeExpired}
 * deletes what outlived its lifetime. Each file is {@code <id>.data} plus its descriptor {@code <id>.properties};
 * paths are built only from a {@link FileId}, never from request text.
 */
public final class SenderFileStore {

    private static final Logger LOG = LoggerFactory.getLogger(SenderFileStore.class);
    private static final int BUFFER = 64 * 1024;
    private static final String DATA = ".data";
    private static final String DESCRIPTOR = ".properties";
    private static final String INCOMING = ".incoming";

    private final Path directory;
    private final Clock clock;
    private final SecureRandom random;

    public SenderFileStore(Path directory, Clock clock, SecureRandom random) throws IOException {
        this.directory = Files.createDirectories(directory).toRealPath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public SenderFileStore(Path directory, Clock clock) throws IOException {
        this(directory, clock, new SecureRandom());
    }

    /**
     * Stores the stream's bytes (the stream is read to its end, not closed) for {@code receiver} until now +
     * {@code lifetime}. The filename must be one the metadata can carry (MD007). A failure while reading or writing
     * leaves nothing behind.
     */
    public StoredFile store(InputStream content, String filename, String contentType, Oin receiver, Duration lifetime)
            throws IOException {
        DataReference.requireValidFilename(filename);
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a stored file needs a positive lifetime, not " + lifetime);
        }
        FileId id = FileId.random(random);
        Path incoming = directory.resolve(id.value() + INCOMING);
        MessageDigest digest = ChecksumAlgorithm.SHA256.newDigest();
        long size = 0;
        try {
            try (OutputStream out =
                    Files.newOutputStream(incoming, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = content.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Instant now = clock.instant();
            StoredFile file = new StoredFile(
                    id,
                    filename,
                    contentType,
                    size,
                    Checksum.sha256(digest.digest()),
                    receiver,
                    now,
                    now.plus(lifetime));
            Files.move(incoming, dataPath(id), StandardCopyOption.ATOMIC_MOVE);
            StoredFileDescriptor.write(file, descriptorPath(id));
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-stored")
                    .addKeyValue("fileId", id.value())
                    .addKeyValue("bytes", size)
                    .addKeyValue("receiver", receiver.value())
                    .addKeyValue("expiresAt", file.expiresAt())
                    .log("stored a file for download");
            return file;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(incoming);
            Files.deleteIfExists(dataPath(id));
            throw e;
        }
    }

    /** The file with this id, if it is stored and its lifetime has not ended (an expired one is removed now). */
    public Optional<StoredFile> find(FileId id) throws IOException {
        StoredFile file;
        try {
            file = StoredFileDescriptor.read(descriptorPath(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (file.expiredAt(clock.instant())) {
            remove(file.id(), "expired");
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Opens the stored bytes for reading at any position. */
    public FileChannel open(StoredFile file) throws IOException {
        return FileChannel.open(dataPath(file.id()), StandardOpenOption.READ);
    }

    /** The bytes of the files stored now (their data files, stores still being written included). */
    public long storedBytes() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(DATA) || name.endsWith(INCOMING)) {
                    try {
                        total += Files.size(p);
                    } catch (NoSuchFileException e) {
                        // removed meanwhile
                    }
                }
            }
        }
        return total;
    }

    /** Deletes every file whose lifetime has ended, and leftovers of stores that never finished; returns the count. */
    public int removeExpired() throws IOException {
        Instant now = clock.instant();
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + DESCRIPTOR)) {
            for (Path descriptor : entries) {
                StoredFile file;
                try {
                    file = StoredFileDescriptor.read(descriptor);
                } catch (NoSuchFileException e) {
                    continue; // removed meanwhile
                } catch (IOException e) {
                    LOG.atWarn()
                            .addKeyValue("event", "gb.file-descriptor-damaged")
                            .addKeyValue("path", descriptor.getFileName().toString())
                            .log(e.getMessage());
                    continue;
                }
                if (file.expiredAt(now)) {
                    remove(file.id(), "expired");
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Deletes a stored file before its lifetime ended (its receiver fetched it, its metadata message was refused);
     * false when it was not stored here (any more).
     */
    public boolean remove(FileId id, String reason) throws IOException {
        boolean removed = Files.deleteIfExists(descriptorPath(id)); // first: from now on the file is not offered
        Files.deleteIfExists(dataPath(id));
        if (removed) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-removed")
                    .addKeyValue("fileId", id.value())
                    .addKeyValue("reason", reason)
                    .log("removed a stored file");
        }
        return removed;
    }

    private Path dataPath(FileId id) {
        return inside(directory.resolve(id.value() + DATA));
    }

    private Path descriptorPath(FileId id) {
        return inside(directory.resolve(id.value() + DESCRIPTOR));
    }

    /** A FileId cannot leave the directory; this says so out loud should that ever change. */
    private Path inside(Path path) {
        if (!path.normalize().getParent().equals(directory)) {
            throw new IllegalStateException("a stored file's path left the store directory: " + path);
        }
        return path;
    }
}
