package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.gateway.ebms.PayloadContent;

/**
 * The payload of a raw submission ({@code POST /api/messages} with the payload as the request body): kept in memory
 * up to {@link #IN_MEMORY_UP_TO} bytes, beyond that spooled to a temporary file (owner-only, in the node's spool
 * directory) so a payload of any size is never held whole. Closing it deletes the file; the submission is closed
 * once the message is stored, the store having copied the payload by then.
 */
final class SpooledSubmission implements AutoCloseable {

    /** Bodies up to this size stay in memory: 1 MiB. */
    static final int IN_MEMORY_UP_TO = 1024 * 1024;

    private final PayloadContent content;
    private final Path file;
    private final long size;

    private SpooledSubmission(PayloadContent content, Path file, long size) {
        this.content = content;
        this.file = file;
        this.size = size;
    }

    /** The request body is larger than the node accepts for one message. */
    static final class TooLarge extends Exception {
        TooLarge(long limit) {
            super("the payload is larger than the limit of " + limit + " bytes (limits.max-message-bytes)");
        }
    }

    /**
     * Reads {@code body} to its end, or until it passes {@code limit} bytes.
     *
     * @throws TooLarge when the body has more than {@code limit} bytes (nothing is kept then)
     */
    static SpooledSubmission receive(InputStream body, long limit, Path spoolDirectory) throws IOException, TooLarge {
        byte[] head = body.readNBytes((int) Math.min(IN_MEMORY_UP_TO, limit + 1));
        if (head.length > limit) {
            throw new TooLarge(limit);
        }
        if (head.length < IN_MEMORY_UP_TO) {
            return new SpooledSubmission(PayloadContent.of(head), null, head.length);
        }
        Files.createDirectories(spoolDirectory);
        Path file = Files.createTempFile(spoolDirectory, "dkgw-submission-", ".part");
        boolean kept = false;
        try {
            long size = head.length;
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(head);
                byte[] buffer = new byte[64 * 1024];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    size += n;
                    if (size > limit) {
                        throw new TooLarge(limit);
                    }
                    out.write(buffer, 0, n);
                }
            }
            kept = true;
            return new SpooledSubmission(PayloadContent.ofFile(file), file, size);
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    PayloadContent content() {
        return content;
    }

    long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
