package nl.dkgw.gateway.mime;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of one received HTTP request: in memory when it is small, spooled to a file of its own when it is not.
 * Whoever reads it closes it when the request is answered; closing a spooled body closes every reader opened on its
 * file ({@link #closeWith}) and deletes the file, so neither the file nor its disk space outlives the request (an
 * open handle would keep a deleted file's space on Linux).
 */
public final class ReceivedBody implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivedBody.class);

    private final byte[] bytes;
    private final Path file;
    private final long length;
    private final List<Closeable> readers = new ArrayList<>();
    private boolean closed;

    private ReceivedBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    /** A body held in memory. */
    public static ReceivedBody of(byte[] bytes) {
        return new ReceivedBody(Objects.requireNonNull(bytes, "bytes"), null, bytes.length);
    }

    /** A body written to {@code file}, which this body now owns: {@link #close()} deletes it. */
    public static ReceivedBody spooled(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return new ReceivedBody(null, file, Files.size(file));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("the spooled body " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Whether the body is in a file rather than in memory. */
    public boolean spooled() {
        return file != null;
    }

    /** The body's bytes; only for a body in memory. */
    public byte[] bytes() {
        if (bytes == null) {
            throw new IllegalStateException("the body is spooled to a file; read it from file()");
        }
        return bytes;
    }

    /** The file the body is spooled to; only for a spooled body. */
    public Path file() {
        if (file == null) {
            throw new IllegalStateException("the body is in memory");
        }
        return file;
    }

    /** The body's size in bytes. */
    public long length() {
        return length;
    }

    /** Closes {@code reader} (a stream over the file) when this body is closed, before the file is deleted. */
    synchronized void closeWith(Closeable reader) {
        if (closed) {
            closeQuietly(reader);
            throw new IllegalStateException("the received body is closed");
        }
        readers.add(reader);
    }

    /** Closes what reads the file and deletes it; nothing for a body in memory. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.forEach(ReceivedBody::closeQuietly);
        readers.clear();
        if (file != null) {
            deleteQuietly(file);
        }
    }

    private static void closeQuietly(Closeable reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // the file goes anyway
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.atWarn()
                    .addKeyValue("event", "inbound.spool-not-deleted")
                    .addKeyValue("file", file.toString())
                    .log("a spooled request body cannot be deleted: {}", e.getMessage());
        }
    }
}
