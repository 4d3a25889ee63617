package nl.dkgw.gateway.camel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import nl.dkgw.gateway.ebms.PayloadContent;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;

/**
 * A received payload as an exchange body: read as a stream from where the node keeps it, never held whole. It is a
 * {@link StreamCache}, so Camel does not copy it into memory and resets it before each step of a route, which reads it
 * again from the start; converting it to bytes or text reads it whole, as a route that asks for that wants. The
 * consumer releases it when the exchange is done; reading it after that fails.
 */
final class PayloadStream extends InputStream implements StreamCache {

    private final PayloadContent content;
    private InputStream current;
    private long position;
    private boolean closed;

    PayloadStream(PayloadContent content) {
        this.content = Objects.requireNonNull(content, "content");
    }

    private InputStream current() throws IOException {
        if (closed) {
            throw new IOException("the payload stream was closed when its exchange was done");
        }
        if (current == null) {
            current = content.open();
        }
        return current;
    }

    @Override
    public int read() throws IOException {
        int b = current().read();
        if (b < 0) {
            ended();
        } else {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = current().read(b, off, len);
        if (n < 0) {
            ended();
        } else {
            position += n;
        }
        return n;
    }

    /** At the end the underlying stream is let go at once; a reset opens a fresh one. */
    private void ended() throws IOException {
        InputStream done = current;
        current = null;
        done.close();
        current = InputStream.nullInputStream();
    }

    /** Back to the start: the next read opens the content afresh. */
    @Override
    public void reset() {
        InputStream old = current;
        current = null;
        position = 0;
        if (old != null) {
            try {
                old.close();
            } catch (IOException e) {
                // only read from: nothing is lost by a failed close
            }
        }
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        if (closed) {
            throw new IOException("the payload stream was closed when its exchange was done");
        }
        try (InputStream in = content.open()) {
            in.transferTo(os);
        }
    }

    @Override
    public StreamCache copy(Exchange exchange) {
        return new PayloadStream(content);
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    @Override
    public long length() {
        return content.length();
    }

    @Override
    public long position() {
        return position;
    }

    /**
     * Lets go of what is open now; a step of the route that closes the body after reading it does not end it: the
     * next step reads it again after Camel's reset.
     */
    @Override
    public void close() {
        reset();
    }

    /** Ends this stream for good when its exchange is done; reading it after that fails. */
    void release() {
        closed = true;
        reset();
    }
}
