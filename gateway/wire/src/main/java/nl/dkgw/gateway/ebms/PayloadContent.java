package nl.dkgw.gateway.ebms;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of one payload part, wherever they are kept: in memory, in a spooled file, in the store. They can be
 * opened as a stream as often as needed, so a part of any size passes through the node without being held whole.
 */
public interface PayloadContent {

    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    /** The size in bytes, or -1 when it is not known without reading the content. */
    long length();

    /**
     * The whole content in memory. Only for parts known to be small (metadata documents, test fixtures): the hot path
     * streams through {@link #open()}.
     */
    default byte[] bytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload content: " + e.getMessage(), e);
        }
    }

    /** Content held in memory; {@link #bytes()} returns the array itself, not a copy. */
    static PayloadContent of(byte[] bytes) {
        return new InMemory(bytes);
    }

    /** Content kept in a file that lives at least as long as this content is used. */
    static PayloadContent ofFile(Path file) {
        return new InFile(file);
    }

    /** Bytes in memory. */
    record InMemory(byte[] data) implements PayloadContent {
        public InMemory {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }

        @Override
        public long length() {
            return data.length;
        }

        @Override
        public byte[] bytes() {
            return data;
        }
    }

    /** Bytes in a file. */
    record InFile(Path file) implements PayloadContent {
        public InFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public long length() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
