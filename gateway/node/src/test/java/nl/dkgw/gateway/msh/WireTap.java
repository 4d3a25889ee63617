package nl.dkgw.gateway.msh;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sits in front of a node's ebMS endpoint and keeps every POST body as it arrived over the wire (after TLS), then
 * hands the node the same request. One tap can serve several nodes.
 */
final class WireTap {

    private final List<String> posts = new CopyOnWriteArrayList<>();

    /** The layer to put in front of a node ({@code LocalChain.start(..., inboundLayer)}). */
    Handler inFrontOf(Handler node) {
        return new Handler.Wrapper(node) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!"POST".equals(request.getMethod())) {
                    return super.handle(request, response, callback);
                }
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
                posts.add(new String(body, StandardCharsets.ISO_8859_1));
                return super.handle(replay(request, body), response, callback);
            }
        };
    }

    /** Every POST body so far (ISO-8859-1, so binary parts survive), oldest first. */
    List<String> posts() {
        return List.copyOf(posts);
    }

    private static Request replay(Request request, byte[] body) {
        Content.Source source = new ByteBufferContentSource(ByteBuffer.wrap(body));
        return new Request.Wrapper(request) {
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
                return body.length;
            }
        };
    }
}
