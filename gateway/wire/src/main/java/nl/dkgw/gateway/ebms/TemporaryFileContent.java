package nl.dkgw.gateway.ebms;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

/**
 * Content in a temporary file that this object owns: the file is deleted when {@link #close()} is called (by whoever
 * is done with the part, e.g. once it is stored) and, as a safety net, when the content is no longer reachable. A
 * stream opened from it keeps the content reachable while it is read.
 */
public final class TemporaryFileContent implements PayloadContent, AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Path file;
    private final Cleaner.Cleanable deletion;

    /** Takes ownership of {@code file}: it is deleted with this content. */
    public TemporaryFileContent(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.deletion = CLEANER.register(this, new Deletion(file));
    }

    /** Deletes the temporary files among these parts' contents; other contents are left alone. */
    public static void release(Collection<Payload> payloads) {
        for (Payload p : payloads) {
            if (p.content() instanceof TemporaryFileContent temporary) {
                temporary.close();
            }
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public InputStream open() throws IOException {
        return new KeepingContentReachable(Files.newInputStream(file), this);
    }

    @Override
    public long length() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Deletes the file now; opening the content afterwards fails. */
    @Override
    public void close() {
        deletion.clean();
    }

    /** The clean-up action; it must not refer to the content itself, or the content would never become unreachable. */
    private record Deletion(Path file) implements Runnable {
        @Override
        public void run() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the file is in the spool directory, which the node owns; nothing more to do here
            }
        }
    }

    private static final class KeepingContentReachable extends FilterInputStream {
        @SuppressWarnings({"unused", "FieldCanBeLocal"})
        private final TemporaryFileContent content;

        KeepingContentReachable(InputStream in, TemporaryFileContent content) {
            super(in);
            this.content = content;
        }
    }
}
