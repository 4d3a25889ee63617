package nl.dkgw.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.gateway.ebms.PayloadContent;

/**
 * A payload handed over as a stream of unknown length (an admin API request body, a Camel stream): kept in memory up
 * to {@link #IN_MEMORY_UP_TO} bytes, beyond that spooled to a temporary file (owner-only) so a payload of any size is
 * never held whole, and its length is known to the store. Closing it deletes the file: close it once the message is
 * stored, the store having copied the payload by then.
 */
public final class SpooledPayload implements AutoCloseable {

    /** Bodies up to this size stay in memory: 1 MiB. */
    public static final int IN_MEMORY_UP_TO = 1024 * 1024;

    private final PayloadContent content;
    private final Path file;
    private final long size;

    private SpooledPayload(PayloadContent content, Path file, long size) {
        this.content = content;
        this.file = file;
        this.size = size;
    }

    /**
     * Reads {@code body} to its end; does not close it. A limit on its size is the stream's to enforce (by throwing an
     * {@link IOException} once it is passed): nothing of the body is kept then.
     *
     * @param spoolDirectory where a body over {@value #IN_MEMORY_UP_TO} bytes is written; created when missing
     */
    public static SpooledPayload receive(InputStream body, Path spoolDirectory) throws IOException {
        byte[] head = body.readNBytes(IN_MEMORY_UP_TO);
        if (head.length < IN_MEMORY_UP_TO) {
            return new SpooledPayload(PayloadContent.of(head), null, head.length);
        }
        Files.createDirectories(spoolDirectory);
        Path file = Files.createTempFile(spoolDirectory, "dkgw-payload-", ".part");
        boolean kept = false;
        try {
            long size = head.length;
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(head);
                byte[] buffer = new byte[64 * 1024];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            kept = true;
            return new SpooledPayload(PayloadContent.ofFile(file), file, size);
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Reads {@code body} to its end, spooling to the system's temporary directory. */
    public static SpooledPayload receive(InputStream body) throws IOException {
        return receive(body, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The payload's bytes, in memory or in the spool file; valid until this is closed. */
    public PayloadContent content() {
        return content;
    }

    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
