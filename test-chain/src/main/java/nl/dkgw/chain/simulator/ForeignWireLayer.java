package nl.dkgw.chain.simulator;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.xsd.EnvelopeSchemaCheck;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreign-peer simulator's wire habits on what it receives, between the {@link MisbehaviourLayer} and its node:
 * with {@link ForeignHabit#STRICT_SCHEMA} every post is validated ({@link EnvelopeSchemaCheck}) and one that fails is
 * answered HTTP 500 without a body, as the reference adapter answers, and recorded with the schema error (a post
 * without {@code SOAPAction: "ebXML"} is refused before that, with a SOAP Fault, as that adapter does); with
 * {@link ForeignHabit#BARE_SYNC_REPLIES} the node's synchronous replies without payloads go out as bare text/xml;
 * with {@link ForeignHabit#CBC_RSA15} a post whose parts are encrypted with AES-GCM or whose keys are wrapped with
 * RSA-OAEP fails as it fails at the reference adapter, which can do neither (HTTP 500 without a body, recorded): a
 * sender that ignores the CBC its CPA names fails against the simulator as it would in the field.
 * It also keeps the Pongs and StatusResponses that arrive on their own, for the simulator's own Ping and
 * StatusRequest.
 */
final class ForeignWireLayer extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(ForeignWireLayer.class);
    private static final int KEPT_REPLIES = 1000;

    private final String simulator;
    private final long maxBytes;
    private final SoapWithAttachments mime = new SoapWithAttachments(1000);
    private final List<SchemaRefusal> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> repliesByRef = new ConcurrentHashMap<>();
    private volatile ForeignHabits habits;

    ForeignWireLayer(String simulator, long maxBytes, ForeignHabits habits, Handler node) {
        super(node);
        this.simulator = simulator;
        this.maxBytes = maxBytes;
        this.habits = habits;
    }

    ForeignHabits habits() {
        return habits;
    }

    void habits(ForeignHabits habits) {
        this.habits = habits;
    }

    List<SchemaRefusal> refusals() {
        return List.copyOf(refusals);
    }

    void clear() {
        refusals.clear();
    }

    /** Waits for a Pong or StatusResponse about {@code refToMessageId} posted on its own; its SOAP envelope. */
    Optional<byte[]> awaitReply(String refToMessageId, Duration wait) throws InterruptedException {
        Instant until = Instant.now().plus(wait);
        while (true) {
            byte[] envelope = repliesByRef.remove(refToMessageId);
            if (envelope != null || !Instant.now().isBefore(until)) {
                return Optional.ofNullable(envelope);
            }
            Thread.sleep(50);
        }
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
        ForeignHabits now = habits;
        EnvelopeFields fields = new EnvelopeFields(body);
        byte[] envelope = envelope(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
        if (envelope != null
                && fields.refToMessageId() != null
                && ("Pong".equals(fields.action()) || "StatusResponse".equals(fields.action()))) {
            if (repliesByRef.size() >= KEPT_REPLIES) {
                repliesByRef.clear();
            }
            repliesByRef.put(fields.refToMessageId(), envelope);
        }
        if (now.has(ForeignHabit.STRICT_SCHEMA)) {
            String soapAction = request.getHeaders().get("SOAPAction");
            if (!"\"ebXML\"".equals(soapAction)) {
                // the reference adapter checks this before reading the message, and answers with a SOAP Fault
                String reason = "SOAPAction is " + (soapAction == null ? "missing" : soapAction)
                        + ", ebMS 2.0 requires \"ebXML\"";
                refusals.add(new SchemaRefusal(
                        Instant.now(), fields.messageId(), fields.action(), fields.refToMessageId(), reason));
                response.setStatus(500);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
                response.write(true, ByteBuffer.wrap(soapFault("Unable to process message: " + reason)), callback);
                return true;
            }
            Optional<String> problem = envelope == null
                    ? Optional.of("the body is neither multipart/related (SOAP with attachments) nor text/xml")
                    : EnvelopeSchemaCheck.problems(envelope).stream().findFirst();
            if (problem.isPresent()) {
                refusals.add(new SchemaRefusal(
                        Instant.now(), fields.messageId(), fields.action(), fields.refToMessageId(), problem.get()));
                LOG.atWarn()
                        .addKeyValue("event", "simulator.schema-refused")
                        .addKeyValue("simulator", simulator)
                        .addKeyValue("messageId", fields.messageId())
                        .addKeyValue("action", fields.action())
                        .log(
                                "refused a post that is not schema-valid (HTTP 500, as the reference adapter): {}",
                                problem.get());
                response.setStatus(500);
                response.write(true, ByteBuffer.allocate(0), callback);
                return true;
            }
        }
        if (now.has(ForeignHabit.CBC_RSA15)) {
            Optional<String> cannotDecrypt = algorithmItCannotDo(body);
            if (cannotDecrypt.isPresent()) {
                String reason = cannotDecrypt.get() + ": the reference adapter can only decrypt AES-CBC with RSA 1.5 "
                        + "key transport, as the CPA names";
                refusals.add(new SchemaRefusal(
                        Instant.now(), fields.messageId(), fields.action(), fields.refToMessageId(), reason));
                LOG.atWarn()
                        .addKeyValue("event", "simulator.decryption-refused")
                        .addKeyValue("simulator", simulator)
                        .addKeyValue("messageId", fields.messageId())
                        .log("refused a post it cannot decrypt (HTTP 500, as the reference adapter): {}", reason);
                response.setStatus(500);
                response.write(true, ByteBuffer.allocate(0), callback);
                return true;
            }
        }
        Response out = now.has(ForeignHabit.BARE_SYNC_REPLIES) ? new BareReplyResponse(response, mime) : response;
        return super.handle(new ReplayedRequest(request, body), out, callback);
    }

    /** The AES-GCM or RSA-OAEP algorithm a post's XML Encryption names, if any (their URIs cannot occur in base64). */
    static Optional<String> algorithmItCannotDo(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String uri : List.of(
                DigitalEnvelope.AES128_GCM,
                "http://www.w3.org/2009/xmlenc11#aes192-gcm",
                DigitalEnvelope.AES256_GCM,
                DigitalEnvelope.RSA_OAEP,
                DigitalEnvelope.RSA_OAEP_MGF1P)) {
            if (text.contains(uri)) {
                return Optional.of((uri.contains("gcm") ? "AES-GCM" : "RSA-OAEP") + " (" + uri + ")");
            }
        }
        return Optional.empty();
    }

    private static byte[] soapFault(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope "
                        + "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                        + "<faultcode>soap:Client</faultcode><faultstring>" + escaped + "</faultstring></soap:Fault>"
                        + "</soap:Body></soap:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] envelope(String contentType, byte[] body) {
        try {
            return mime.unpack(contentType, body).envelope();
        } catch (EbmsException | RuntimeException e) {
            return null;
        }
    }
}
