package nl.dkgw.gateway.gb;

import java.io.EOFException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A test hook in front of the push endpoint: records the method of every request, and can cut one upload once
 * {@code cutAfterBytes} of its body arrived by closing the connection under it, as a network failure would.
 */
public final class UploadTap extends Handler.Wrapper {

    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile long cutAfterBytes = Long.MAX_VALUE;

    public UploadTap(Handler handler) {
        super(handler);
    }

    /** Cuts the next upload that gets past {@code bytes}, once. */
    public void cutOnceAfter(long bytes) {
        this.cutAfterBytes = bytes;
    }

    public List<String> methods() {
        return List.copyOf(methods);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        methods.add(request.getMethod());
        AtomicLong read = new AtomicLong();
        Request counting = new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null
                        && read.addAndGet(chunk.remaining()) > cutAfterBytes
                        && cut.compareAndSet(false, true)) {
                    chunk.release();
                    getConnectionMetaData().getConnection().getEndPoint().close();
                    return Content.Chunk.from(new EOFException("upload cut by the test"));
                }
                return chunk;
            }
        };
        return super.handle(counting, response, callback);
    }
}
