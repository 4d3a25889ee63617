package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * What the admin port does with a request body it will not use. Answering before the body was read would leave the
 * rest of it on the connection: Jetty then closes the connection, and a client still sending (a chunked upload whose
 * last chunk had not arrived yet) sees a broken pipe instead of the answer. So a refusal first reads a small body to
 * its end; a larger one is cut off and the connection closed, which bounds what an unauthenticated caller can make
 * the node read.
 */
final class RequestBodies {

    /** The most a refusal reads of a body before answering: enough for any request the admin API itself takes. */
    static final int SMALL = 64 * 1024;

    private RequestBodies() {}

    /** Reads and drops up to {@value #SMALL} bytes of the request's body. */
    static void discardSmall(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            in.readNBytes(SMALL);
        } catch (IOException | RuntimeException e) {
            // nothing to answer about: the client gets its refusal, Jetty closes the connection if it must
        }
    }
}
