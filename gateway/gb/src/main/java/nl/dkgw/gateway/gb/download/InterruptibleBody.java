package nl.dkgw.gateway.gb.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An answer's body as a stream whose reads give way to an interrupt: the JDK client's own body stream was seen to
 * stay blocked on a stalled connection when the downloading thread was interrupted (a node stopping). Buffers are
 * requested one list at a time, so at most a few are held; an interrupt or {@link #close()} cancels the subscription,
 * which closes the connection.
 */
final class InterruptibleBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> list = Collections.emptyIterator();
    private ByteBuffer buffer;
    private boolean ended;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrived.add(item);
    }

    @Override
    public void onError(Throwable t) {
        arrived.add(t);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (buffer == null || !buffer.hasRemaining()) {
            if (list.hasNext()) {
                buffer = list.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = arrived.take();
            } catch (InterruptedException e) {
                // the reader turns this back into an InterruptedException once what arrived is on disk (with the
                // interrupt flag set, forcing the part file's channel would close it instead)
                close();
                throw new InterruptedIOException("interrupted while reading the answer");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.toString(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) next;
            list = buffers.iterator();
            subscription.request(1);
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
        ended = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
