package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import nl.dkgw.gateway.msh.InboundProcessor;
import nl.dkgw.gateway.msh.InboundResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The ebMS endpoint: POSTs of SOAP-with-attachments messages over mutual TLS, answered by the inbound processor. */
public final class EbmsHttpHandler extends Handler.Abstract {

    private final String path;
    private final long maxMessageBytes;
    private final InboundProcessor processor;

    public EbmsHttpHandler(String path, long maxMessageBytes, InboundProcessor processor) {
        this.path = path;
        this.maxMessageBytes = maxMessageBytes;
        this.processor = processor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String target = Request.getPathInContext(request);
        if (!target.equals(path)) {
            return plain(response, callback, 404, "no ebMS endpoint at " + target + "; post to " + path);
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return plain(response, callback, 405, "the ebMS endpoint accepts POST only");
        }
        long declared = request.getLength();
        if (declared > maxMessageBytes) {
            return plain(response, callback, 413, "message of " + declared + " bytes exceeds the limit of "
                    + maxMessageBytes + " bytes; larger files go through Digikoppeling Grote Berichten");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxMessageBytes + 1));
        }
        if (body.length > maxMessageBytes) {
            return plain(response, callback, 413, "message exceeds the limit of " + maxMessageBytes + " bytes");
        }
        InboundResponse answer = processor.process(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body,
                peerCertificate(request));
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            response.getHeaders().put("SOAPAction", "\"ebXML\"");
        }
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    private static X509Certificate peerCertificate(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl && ssl.peerCertificates() != null
                && ssl.peerCertificates().length > 0) {
            return ssl.peerCertificates()[0];
        }
        return null;
    }

    static boolean plain(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
