package nl.dkgw.chain.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The node's synchronous reply as the reference adapter writes it: a reply without payloads (an Acknowledgment,
 * MessageError, Pong, StatusResponse) goes out as the bare SOAP envelope in text/xml instead of a one-part
 * multipart/related. The SOAP part is unchanged byte for byte, so a signature over it stays valid. Replies with
 * payloads and non-ebMS answers pass as they are.
 */
final class BareReplyResponse extends Response.Wrapper {

    private final SoapWithAttachments mime;
    private final ByteArrayOutputStream buffered = new ByteArrayOutputStream();

    BareReplyResponse(Response response, SoapWithAttachments mime) {
        super(response.getRequest(), response);
        this.mime = mime;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        if (content != null) {
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            buffered.writeBytes(bytes);
        }
        if (!last) {
            callback.succeeded();
            return;
        }
        byte[] body = buffered.toByteArray();
        String contentType = getWrapped().getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (body.length > 0 && contentType != null && contentType.toLowerCase().startsWith("multipart/related")) {
            try {
                MimeMessage parts = mime.unpack(contentType, body);
                if (parts.payloads().isEmpty()) {
                    getWrapped().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=UTF-8");
                    getWrapped().getHeaders().remove(HttpHeader.CONTENT_LENGTH);
                    body = parts.envelope();
                }
            } catch (EbmsException e) {
                // not a message it could read: the answer goes out as the node wrote it
            }
        }
        super.write(true, ByteBuffer.wrap(body), callback);
    }
}
