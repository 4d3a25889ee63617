package nl.dkgw.gateway.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import nl.dkgw.gateway.ebms.PayloadContent;

/**
 * A message ready for the wire: the HTTP Content-Type (with boundary, type and start) and the body. The body is a
 * row of pieces (the MIME framing with the envelope, in memory, and each payload part's content, wherever it is kept)
 * that is opened as one stream or written to an output stream, so a message with large parts is never held whole.
 * Its {@link #length()} is known up front when every part's size is.
 */
public final class PackedMessage {

    private final String contentType;
    private final List<PayloadContent> pieces;

    /** A message whose whole body is in memory. */
    public PackedMessage(String contentType, byte[] body) {
        this(contentType, List.of(PayloadContent.of(Objects.requireNonNull(body, "body"))));
    }

    private PackedMessage(String contentType, List<PayloadContent> pieces) {
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.pieces = List.copyOf(pieces);
    }

    /** A message whose body is {@code pieces} one after the other, each opened only when it is reached. */
    public static PackedMessage ofPieces(String contentType, List<PayloadContent> pieces) {
        return new PackedMessage(contentType, pieces);
    }

    public String contentType() {
        return contentType;
    }

    /** The body's exact size in bytes, or -1 when a part's size is not known without reading it. */
    public long length() {
        long total = 0;
        for (PayloadContent piece : pieces) {
            long n = piece.length();
            if (n < 0) {
                return -1;
            }
            total += n;
        }
        return total;
    }

    /** A fresh stream over the whole body; the caller closes it (which closes the part it is in). */
    public InputStream open() {
        return new PiecesInputStream(pieces);
    }

    /** Writes the whole body to {@code out}, part by part, closing each part's stream. */
    public void writeTo(OutputStream out) throws IOException {
        for (PayloadContent piece : pieces) {
            try (InputStream in = piece.open()) {
                in.transferTo(out);
            }
        }
    }

    /** The whole body in memory. For messages known to be small (signals, errors, tests); posting streams it. */
    public byte[] body() {
        if (pieces.size() == 1) {
            return pieces.get(0).bytes();
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packed message: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PackedMessage[" + contentType + ", " + length() + " bytes]";
    }

    /** Reads pieces one after the other, opening each when the one before it ends; holds at most one open. */
    private static final class PiecesInputStream extends InputStream {
        private final List<PayloadContent> pieces;
        private int next;
        private InputStream current;
        private boolean closed;

        PiecesInputStream(List<PayloadContent> pieces) {
            this.pieces = pieces;
        }

        /** The stream to read from now, or null at the end. */
        private InputStream current() throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            while (current == null && next < pieces.size()) {
                current = pieces.get(next++).open();
            }
            return current;
        }

        private void endCurrent() throws IOException {
            InputStream ended = current;
            current = null;
            ended.close();
        }

        @Override
        public int read() throws IOException {
            for (InputStream in = current(); in != null; in = current()) {
                int b = in.read();
                if (b >= 0) {
                    return b;
                }
                endCurrent();
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            for (InputStream in = current(); in != null; in = current()) {
                int n = in.read(b, off, len);
                if (n > 0) {
                    return n;
                }
                if (n < 0) {
                    endCurrent();
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            next = pieces.size();
            if (current != null) {
                endCurrent();
            }
        }
    }
}
