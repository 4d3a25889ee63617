package nl.dkgw.gateway.security;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.ebms.TemporaryFileContent;

/**
 * Where encrypting and decrypting write a payload part: in memory while it is small, in a temporary file in {@code
 * directory} once it grows past {@code inMemoryLimit} bytes. Small messages are thus handled in memory as before,
 * large ones with memory bounded by the buffers. A temporary file is readable by this process's user only (it may
 * hold plaintext) and is a {@link TemporaryFileContent}: whoever is done with the part deletes it.
 */
public record PartSpool(Path directory, int inMemoryLimit) {

    /** Parts up to this size stay in memory by default. */
    public static final int DEFAULT_IN_MEMORY_LIMIT = 1024 * 1024;

    public PartSpool {
        Objects.requireNonNull(directory, "directory");
        if (inMemoryLimit < 0) {
            throw new IllegalArgumentException("inMemoryLimit must not be negative: " + inMemoryLimit);
        }
    }

    /** The JVM's temporary directory (java.io.tmpdir), parts up to 1 MiB in memory. */
    public static PartSpool inTemporaryDirectory() {
        return new PartSpool(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_IN_MEMORY_LIMIT);
    }

    /** @param kind what the part is, named in its temporary file's name: {@code encrypted} or {@code decrypted} */
    Sink newSink(String kind) {
        return new Sink("dkgw-" + kind + "-");
    }

    /** One part being written; {@link #finish()} hands it over, {@link #discard()} throws it away. */
    final class Sink extends OutputStream {
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream fileOut;
        private final String prefix;

        private Sink(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (fileOut == null && memory.size() + (long) len > inMemoryLimit) {
                spill();
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
        }

        private void spill() throws IOException {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, prefix, ".part");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            memory.writeTo(fileOut);
            memory = null;
        }

        /** The part as written: in memory, or the temporary file (which the caller now owns). */
        PayloadContent finish() throws IOException {
            if (fileOut == null) {
                return PayloadContent.of(memory.toByteArray());
            }
            fileOut.close();
            return new TemporaryFileContent(file);
        }

        /** Drops what was written, deleting the temporary file if there is one. */
        void discard() {
            memory = null;
            if (fileOut != null) {
                try {
                    fileOut.close();
                } catch (IOException e) {
                    // the file is deleted next
                }
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // left in the spool directory
                }
            }
        }
    }
}
