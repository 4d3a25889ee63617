package nl.dkgw.chain.simulator;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.xml.SafeXml;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layer in front of a simulator node's ebMS endpoint: it records every post and, when told to, misbehaves on
 * business messages (refuses, delays, answers 503, drops the acknowledgment, answers with an ebMS error) before or
 * instead of handing them to the node. It reads the whole body (up to the node's message limit) and hands the node
 * an identical request.
 */
public final class MisbehaviourLayer extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(MisbehaviourLayer.class);

    private final String simulator;
    private final long maxBytes;
    private final List<PostedMessage> posted = new CopyOnWriteArrayList<>();
    private final SignalFactory signals;
    private Misbehaviour misbehaviour = Misbehaviour.none();
    private int remaining = -1;

    public MisbehaviourLayer(String simulator, String oin, long maxBytes, Handler node) {
        super(node);
        this.simulator = simulator;
        this.maxBytes = maxBytes;
        this.signals = new SignalFactory(new MessageIds(oin + ".simulator"));
    }

    /** Switches the behaviour at once (for the next message). */
    public synchronized void set(Misbehaviour m) {
        this.misbehaviour = m;
        this.remaining = m.times();
        LOG.atInfo()
                .addKeyValue("event", "simulator.misbehaviour")
                .addKeyValue("simulator", simulator)
                .addKeyValue("kind", m.kindName())
                .addKeyValue("times", m.times())
                .log("simulator behaviour switched");
    }

    public synchronized Misbehaviour current() {
        return remaining == 0 ? Misbehaviour.none() : misbehaviour;
    }

    /** Every post so far, oldest first. */
    public List<PostedMessage> posted() {
        return List.copyOf(posted);
    }

    public void clear() {
        posted.clear();
    }

    /** The misbehaviour for this business message, counting it down; NONE when there is none (left). */
    private synchronized Misbehaviour.Kind take() {
        if (misbehaviour.kind() == Misbehaviour.Kind.NONE || remaining == 0) {
            return Misbehaviour.Kind.NONE;
        }
        if (remaining > 0) {
            remaining--;
        }
        return misbehaviour.kind();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        EnvelopeFields fields = new EnvelopeFields(body);
        PostedMessage probe = new PostedMessage(
                Instant.now(),
                fields.messageId(),
                fields.cpaId(),
                fields.action(),
                fields.conversationId(),
                fields.refToMessageId(),
                body.length,
                "handled");
        Misbehaviour.Kind kind = probe.signal() ? Misbehaviour.Kind.NONE : take();
        Misbehaviour m = misbehaviour;
        posted.add(new PostedMessage(
                probe.at(),
                probe.messageId(),
                probe.cpaId(),
                probe.action(),
                probe.conversationId(),
                probe.refToMessageId(),
                body.length,
                kind == Misbehaviour.Kind.NONE
                        ? "handled"
                        : kind.name().toLowerCase().replace('_', '-')));
        if (kind != Misbehaviour.Kind.NONE) {
            LOG.atInfo()
                    .addKeyValue("event", "simulator.misbehaved")
                    .addKeyValue("simulator", simulator)
                    .addKeyValue("messageId", probe.messageId())
                    .addKeyValue("cpaId", probe.cpaId())
                    .addKeyValue("kind", kind)
                    .log("simulator misbehaved on a message as told");
        }
        switch (kind) {
            case REFUSE:
                return answer(
                        response,
                        callback,
                        403,
                        "text/plain; charset=UTF-8",
                        ("simulator " + simulator + " refuses this message (told to refuse)\n")
                                .getBytes(StandardCharsets.UTF_8));
            case SOAP_FAULT:
                return answer(response, callback, 500, "text/xml; charset=UTF-8", soapFault());
            case UNAVAILABLE:
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                return answer(
                        response,
                        callback,
                        503,
                        "text/plain; charset=UTF-8",
                        ("simulator " + simulator + " is unavailable (told to answer 503)\n")
                                .getBytes(StandardCharsets.UTF_8));
            case EBMS_ERROR:
                return ebmsError(request, body, response, callback);
            case DELAY:
                Thread.sleep(m.delay().toMillis());
                return super.handle(replay(request, body), response, callback);
            case DROP_ACKS:
                return super.handle(replay(request, body), withoutBody(response), callback);
            default:
                return super.handle(replay(request, body), response, callback);
        }
    }

    private boolean ebmsError(Request request, byte[] body, Response response, Callback callback) {
        SoapWithAttachments mime = new SoapWithAttachments(1000);
        try {
            MimeMessage parts = mime.unpack(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
            EbmsMessage received = new EnvelopeReader().read(SafeXml.parse(parts.envelope()), parts.payloads());
            EbmsMessage error = signals.messageError(
                    received.header(),
                    List.of(EbmsError.error(
                            ErrorCode.DeliveryFailure,
                            "//eb:MessageHeader",
                            "simulator " + simulator
                                    + " does not take this message (told to answer with an ebMS error)")));
            PackedMessage packed = mime.pack(new EnvelopeWriter().bytes(error), new ArrayList<>());
            response.getHeaders().put("SOAPAction", "\"ebXML\"");
            return answer(response, callback, 200, packed.contentType(), packed.body());
        } catch (Exception e) {
            return answer(
                    response,
                    callback,
                    400,
                    "text/plain; charset=UTF-8",
                    ("not an ebMS message: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] soapFault() {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<SOAP:Envelope xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP:Body><SOAP:Fault>"
                        + "<faultcode>SOAP:Client</faultcode><faultstring>simulator told to refuse with a SOAP Fault"
                        + "</faultstring></SOAP:Fault></SOAP:Body></SOAP:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static boolean answer(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The same request again, its body served from memory. */
    private static Request replay(Request request, byte[] body) {
        return new ReplayedRequest(request, body);
    }

    /** A response that lets the node take the message in but sends an empty 204 instead of its answer. */
    private static Response withoutBody(Response response) {
        return new Response.Wrapper(response.getRequest(), response) {
            @Override
            public void setStatus(int code) {
                // the node's status (200 with its Acknowledgment) is replaced by 204 below
            }

            @Override
            public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                if (!last) {
                    writeCallback.succeeded();
                    return;
                }
                getWrapped().getHeaders().remove(HttpHeader.CONTENT_TYPE);
                getWrapped().getHeaders().remove("SOAPAction");
                getWrapped().setStatus(204);
                super.write(true, ByteBuffer.allocate(0), writeCallback);
            }
        };
    }
}
