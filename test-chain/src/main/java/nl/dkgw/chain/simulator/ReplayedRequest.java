package nl.dkgw.chain.simulator;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;

/** A request whose body a layer has already read, handed on with that body served again from memory. */
final class ReplayedRequest extends Request.Wrapper {

    private final Content.Source source;
    private final long length;

    ReplayedRequest(Request request, byte[] body) {
        super(request);
        this.source = new ByteBufferContentSource(ByteBuffer.wrap(body));
        this.length = body.length;
    }

    @Override
    public Content.Chunk read() {
        return source.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        source.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        source.fail(failure);
    }

    @Override
    public long getLength() {
        return length;
    }
}
