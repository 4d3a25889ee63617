package nl.dkgw.gateway.gb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A test hook around the file endpoint: records the range headers of every request, and can cut one transfer once
 * {@code cutAfterBytes} of its body went out: then it runs {@code onCut} (the test stops the server there) and fails
 * the write, so the client sees the connection end mid-body.
 */
public final class TransferTap extends Handler.Wrapper {

    public record Seen(String method, String range, String ifRange) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private volatile Runnable onCut = () -> {};

    public TransferTap(Handler handler) {
        super(handler);
    }

    /** Cuts the next transfer that gets past {@code bytes}, once. */
    public void cutOnceAfter(long bytes, Runnable hook) {
        this.onCut = hook;
        this.cutAfterBytes = bytes;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        seen.add(new Seen(
                request.getMethod(),
                request.getHeaders().get(HttpHeader.RANGE),
                request.getHeaders().get(HttpHeader.IF_RANGE)));
        AtomicLong written = new AtomicLong();
        Response counting = new Response.Wrapper(request, response) {
            @Override
            public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                long total = written.addAndGet(content == null ? 0 : content.remaining());
                if (total > cutAfterBytes && cut.compareAndSet(false, true)) {
                    onCut.run();
                    writeCallback.failed(new IOException("transfer cut by the test"));
                    return;
                }
                super.write(last, content, writeCallback);
            }
        };
        return super.handle(request, counting, callback);
    }
}
