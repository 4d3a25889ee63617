package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.gateway.mime.ReceivedBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where received request bodies larger than {@code limits.spool-threshold-bytes} are written while they are processed
 * ({@code limits.spool-dir}), so that a message of any size passes through the node without being held in memory.
 * Each body gets a file of its own, readable by this node's user only, which is deleted when its request is answered;
 * a file that is not complete (the sender stopped, the disk filled up) is deleted at once.
 */
public final class BodySpool {

    private static final Logger LOG = LoggerFactory.getLogger(BodySpool.class);
    private static final String PREFIX = "dkgw-body-";
    private static final String SUFFIX = ".mime";
    /**
     * The files a node writes to its spool directory: bodies, and the parts of {@code security.PartSpool} and {@code
     * api.SpooledPayload}.
     */
    private static final String LEFT_BEHIND =
            "dkgw-{body-*" + SUFFIX + ",encrypted-*.part,decrypted-*.part,payload-*.part}";

    private final Path dir;
    private final long thresholdBytes;

    /**
     * @param dir            the spool directory; created when missing
     * @param thresholdBytes bodies larger than this are spooled, smaller ones are held in memory
     */
    public BodySpool(Path dir, long thresholdBytes) {
        if (thresholdBytes <= 0) {
            throw new IllegalArgumentException("limits.spool-threshold-bytes must be positive: " + thresholdBytes);
        }
        this.dir = dir;
        this.thresholdBytes = thresholdBytes;
    }

    /** A spool in {@code java.io.tmpdir/dkgw-spool} with a 1 MiB threshold. */
    static BodySpool inTempDir() {
        return new BodySpool(Path.of(System.getProperty("java.io.tmpdir"), "dkgw-spool"), 1024L * 1024);
    }

    public Path dir() {
        return dir;
    }

    public long thresholdBytes() {
        return thresholdBytes;
    }

    /**
     * Creates the directory and deletes the temporary files a previous run of the node left there: request bodies
     * (it stopped while receiving them; their senders try again), encrypted and decrypted parts and payloads submitted
     * raw on the admin API (it stopped before storing them; their submitters got no answer). Call it once at start,
     * before anything writes there. Only this node's files are touched ({@code dkgw-body-*.mime}, {@code
     * dkgw-encrypted-*.part}, {@code dkgw-decrypted-*.part}, {@code dkgw-payload-*.part}); a spool directory is for
     * one node.
     */
    public void prepare() throws IOException {
        Files.createDirectories(dir);
        int deleted = 0;
        try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, LEFT_BEHIND)) {
            for (Path file : left) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.atInfo()
                    .addKeyValue("event", "inbound.spool-cleared")
                    .addKeyValue("files", deleted)
                    .addKeyValue("dir", dir.toString())
                    .log("deleted temporary files a previous run left in the spool directory");
        }
    }

    /** A new, empty file for one body. */
    SpoolFile create() throws Full {
        try {
            Files.createDirectories(dir);
            return new SpoolFile(Files.createTempFile(dir, PREFIX, SUFFIX));
        } catch (IOException e) {
            throw new Full(e);
        }
    }

    /** The spool cannot take a body now: the directory cannot be written, or the disk is full. */
    static final class Full extends Exception {
        Full(IOException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /** One body being written. Closing it before {@link #received()} deletes the file. */
    static final class SpoolFile implements AutoCloseable {

        private final Path file;
        private final OutputStream out;
        private long written;
        private boolean handedOver;

        private SpoolFile(Path file) throws IOException {
            this.file = file;
            try {
                this.out = Files.newOutputStream(file);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }

        void write(byte[] bytes, int offset, int length) throws Full {
            try {
                out.write(bytes, offset, length);
                written += length;
            } catch (IOException e) {
                throw new Full(e);
            }
        }

        long written() {
            return written;
        }

        /** The complete body, which now owns (and on close deletes) the file. */
        ReceivedBody received() throws Full {
            try {
                out.close();
            } catch (IOException e) {
                throw new Full(e);
            }
            handedOver = true;
            return ReceivedBody.spooled(file);
        }

        @Override
        public void close() {
            if (handedOver) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                // the file goes anyway
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.atWarn()
                        .addKeyValue("event", "inbound.spool-not-deleted")
                        .addKeyValue("file", file.toString())
                        .log("an incomplete request body cannot be deleted: {}", e.getMessage());
            }
        }
    }
}
