package nl.dkgw.gateway.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives (a request line, header or chunk it cannot parse: 400; a head too large: 431; a
 * failure in a handler: 500), as one short plain-text line instead of Jetty's HTML page: peers are programs, and an
 * operator reading a peer's log wants the reason, not markup. The reason is Jetty's, shortened and without control
 * characters (it may quote what the client sent).
 */
final class PlainErrorAnswers implements Request.Handler {

    private static final int LONGEST_REASON = 200;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        String reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m && !m.isBlank()
                ? m
                : HttpStatus.getMessage(status);
        reason = reason.replaceAll("\\p{Cntrl}", "?");
        if (reason.length() > LONGEST_REASON) {
            reason = reason.substring(0, LONGEST_REASON) + "...";
        }
        byte[] text = ("HTTP " + status + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
        response.write(true, ByteBuffer.wrap(text), callback);
        return true;
    }
}
