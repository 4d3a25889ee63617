package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.mime.ReceivedBody;
import nl.dkgw.gateway.msh.InboundProcessor;
import nl.dkgw.gateway.msh.InboundResponse;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ebMS endpoint: POSTs of SOAP-with-attachments messages over mutual TLS, answered by the inbound processor. */
public final class EbmsHttpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(EbmsHttpHandler.class);

    /** A refused request's body is read and discarded up to this size (or the message limit, if larger). */
    private static final long DRAIN_AT_LEAST = 16L * 1024 * 1024;

    /** A body of unknown length is counted against the memory budget in steps of this size. */
    private static final int COUNTED_CHUNK = 256 * 1024;

    private final String path;
    private final long maxMessageBytes;
    private final InboundMemoryBudget memory;
    private final InboundProcessor processor;
    private final SoapActionRule soapAction;
    private final BodySpool spool;

    public EbmsHttpHandler(String path, long maxMessageBytes, InboundMemoryBudget memory, InboundProcessor processor) {
        this(path, maxMessageBytes, memory, processor, SoapActionRule.STRICT);
    }

    public EbmsHttpHandler(
            String path,
            long maxMessageBytes,
            InboundMemoryBudget memory,
            InboundProcessor processor,
            SoapActionRule soapAction) {
        this(path, maxMessageBytes, memory, processor, soapAction, BodySpool.inTempDir());
    }

    /** As above, with bodies over the spool's threshold written to its directory while they are processed. */
    public EbmsHttpHandler(
            String path,
            long maxMessageBytes,
            InboundMemoryBudget memory,
            InboundProcessor processor,
            SoapActionRule soapAction,
            BodySpool spool) {
        this.path = path;
        this.maxMessageBytes = maxMessageBytes;
        this.memory = memory;
        this.processor = processor;
        this.soapAction = soapAction;
        this.spool = spool;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String target = Request.getPathInContext(request);
        if (!target.equals(path)) {
            return refuse(request, response, callback, 404, "no ebMS endpoint at " + target + "; post to " + path);
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return refuse(request, response, callback, 405, "the ebMS endpoint accepts POST only");
        }
        String soapActionRefusal = soapAction.refusal(request.getHeaders().get(SoapActionRule.HEADER));
        if (soapActionRefusal != null) {
            LOG.atWarn().addKeyValue("event", "inbound.soap-action-refused").log(soapActionRefusal);
            return refuse(request, response, callback, 400, soapActionRefusal);
        }
        long declared = request.getLength();
        if (declared > maxMessageBytes) {
            return refuse(
                    request,
                    response,
                    callback,
                    413,
                    "message of " + declared + " bytes exceeds the limit of " + maxMessageBytes
                            + " bytes; larger files go through Digikoppeling Grote Berichten");
        }
        try (InboundMemoryBudget.Reservation held = memory.open()) {
            if (declared >= 0) {
                InboundMemoryBudget.Verdict verdict = held.growTo(declared);
                if (verdict != InboundMemoryBudget.Verdict.GRANTED) {
                    return refuseForMemory(request, response, callback, held, verdict, declared);
                }
            }
            ReceivedBody body;
            InputStream in = Content.Source.asInputStream(request);
            try {
                body = receive(in, declared, held);
            } catch (OverBudget e) {
                return refuseForMemory(request, response, callback, held, e.verdict, e.bodyBytes);
            } catch (BodySpool.Full e) {
                held.close();
                LOG.atError()
                        .addKeyValue("event", "inbound.spool-full")
                        .addKeyValue("dir", spool.dir().toString())
                        .log("a request body cannot be written to the spool directory: {}", e.getMessage());
                response.getHeaders().put(HttpHeader.RETRY_AFTER, memory.retryAfterSeconds());
                return refuse(
                        request,
                        response,
                        callback,
                        503,
                        "this node cannot store the message body now (its spool disk is full or cannot be written); "
                                + "try again later");
            } catch (IOException e) {
                HttpException malformed = badRequestIn(e);
                if (malformed != null) { // a bad chunk, not a body that stopped coming
                    LOG.atWarn()
                            .addKeyValue("event", "inbound.body-malformed")
                            .log("the message body is malformed: {}", malformed.getReason());
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    return plain(
                            response,
                            callback,
                            400,
                            "the message body is malformed (" + malformed.getReason()
                                    + "): its chunked transfer coding cannot be parsed, or the connection ended inside it");
                }
                LOG.atWarn()
                        .addKeyValue("event", "inbound.body-incomplete")
                        .log("the message body did not arrive completely: {}", e.getMessage());
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                return plain(response, callback, 408, "the message body did not arrive completely: " + e.getMessage());
            }
            InboundResponse answer;
            try (body) {
                if (body.length() > maxMessageBytes) {
                    body.close();
                    held.close();
                    return refuse(
                            request,
                            response,
                            callback,
                            413,
                            "message exceeds the limit of " + maxMessageBytes + " bytes");
                }
                in.close();
                answer = processor.process(
                        request.getHeaders().get(HttpHeader.CONTENT_TYPE), body, peerCertificate(request));
            }
            response.setStatus(answer.status());
            if (answer.contentType() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
                if (!answer.contentType().startsWith("text/plain")) { // an ebMS message, not a refusal's line
                    response.getHeaders().put(SoapActionRule.HEADER, SoapActionRule.EBXML);
                }
            }
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return true;
        }
    }

    /**
     * Reads the body: into memory up to the spool threshold, into a spool file beyond it, and never more than one
     * byte over the message limit (so an oversized body is recognised as such). A body of unknown length (chunked) has
     * memory reserved for it before each chunk is read. A file that is not complete is deleted before this returns.
     */
    private ReceivedBody receive(InputStream in, long declared, InboundMemoryBudget.Reservation held)
            throws IOException, OverBudget, BodySpool.Full {
        long limit = maxMessageBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxMessageBytes + 1;
        long inMemory = Math.min(spool.thresholdBytes(), Integer.MAX_VALUE - 8);
        byte[] head;
        if (declared >= 0) {
            if (declared <= inMemory) {
                return ReceivedBody.of(in.readNBytes((int) declared));
            }
            head = new byte[0];
        } else {
            head = readCounted(in, held, Math.min(limit, inMemory + 1));
            if (head.length <= inMemory) {
                return ReceivedBody.of(head);
            }
        }
        try (BodySpool.SpoolFile file = spool.create()) {
            file.write(head, 0, head.length);
            byte[] buffer = new byte[COUNTED_CHUNK];
            long total = head.length;
            while (total < limit) {
                int next = (int) Math.min(buffer.length, limit - total);
                if (declared < 0) {
                    InboundMemoryBudget.Verdict verdict = held.growTo(total + next);
                    if (verdict != InboundMemoryBudget.Verdict.GRANTED) {
                        throw new OverBudget(verdict, total + next);
                    }
                }
                int n = in.read(buffer, 0, next);
                if (n < 0) {
                    break;
                }
                file.write(buffer, 0, n);
                total += n;
            }
            return file.received();
        }
    }

    /**
     * Reads up to {@code limit} bytes of a body of unknown length (chunked) into memory, reserving memory for it
     * before each chunk is read.
     */
    private byte[] readCounted(InputStream in, InboundMemoryBudget.Reservation held, long limit)
            throws IOException, OverBudget {
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (total < limit) {
            int next = (int) Math.min(Math.min(COUNTED_CHUNK, limit - total), memory.largestBody() - total);
            if (next <= 0) { // all the budget could ever give is read: the body must end here
                if (in.read() < 0) {
                    break;
                }
                throw new OverBudget(InboundMemoryBudget.Verdict.NEVER_FITS, total + 1);
            }
            InboundMemoryBudget.Verdict verdict = held.growTo(total + next);
            if (verdict != InboundMemoryBudget.Verdict.GRANTED) {
                throw new OverBudget(verdict, total + next);
            }
            byte[] chunk = in.readNBytes(next);
            chunks.add(chunk);
            total += chunk.length;
            if (chunk.length < next) {
                break;
            }
        }
        byte[] body = new byte[(int) total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
        }
        return body;
    }

    /** Jetty's 400 (a chunk it cannot parse) among the causes of a failed body read, or null. */
    private static HttpException badRequestIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() == 400) {
                return http;
            }
        }
        return null;
    }

    /** A chunked body outgrew what the memory budget gives it. */
    private static final class OverBudget extends Exception {
        final transient InboundMemoryBudget.Verdict verdict;
        final long bodyBytes;

        OverBudget(InboundMemoryBudget.Verdict verdict, long bodyBytes) {
            super(null, null, false, false);
            this.verdict = verdict;
            this.bodyBytes = bodyBytes;
        }
    }

    /** 413 for a request this node's memory can never hold; 503 with Retry-After when others hold the room now. */
    private boolean refuseForMemory(
            Request request,
            Response response,
            Callback callback,
            InboundMemoryBudget.Reservation held,
            InboundMemoryBudget.Verdict verdict,
            long bodyBytes) {
        held.close(); // what was read of the body is dropped; the rest is drained without being kept
        String size = request.getLength() >= 0
                ? "message of " + bodyBytes + " bytes"
                : "message of at least " + bodyBytes + " bytes (chunked)";
        if (verdict == InboundMemoryBudget.Verdict.NEVER_FITS) {
            LOG.atWarn()
                    .addKeyValue("event", "inbound.exceeds-memory")
                    .addKeyValue("bytes", bodyBytes)
                    .addKeyValue("maxInflightBytes", memory.budgetBytes())
                    .log("refused a message this node's memory cannot hold");
            return refuse(
                    request,
                    response,
                    callback,
                    413,
                    size + " cannot be held in this node's memory: "
                            + "received messages may use " + memory.budgetBytes() + " bytes of heap "
                            + "(limits.max-inflight-bytes) and need about " + InboundMemoryBudget.EXPANSION_FACTOR
                            + " times what they hold in memory (all of a message up to " + spool.thresholdBytes()
                            + " bytes, the SOAP part of a larger one), so at most " + memory.largestBody()
                            + " bytes are accepted; the node's "
                            + "operator can raise its heap, larger files go through Digikoppeling Grote Berichten");
        }
        LOG.atWarn()
                .addKeyValue("event", "inbound.memory-busy")
                .addKeyValue("bytes", bodyBytes)
                .addKeyValue("reservedBytes", memory.reservedBytes())
                .log("messages in progress hold the inbound memory budget; answered 503, the sender retries");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, memory.retryAfterSeconds());
        return refuse(
                request,
                response,
                callback,
                503,
                size + " does not fit beside the messages this node is "
                        + "receiving now (limits.max-inflight-bytes); try again later");
    }

    private static X509Certificate peerCertificate(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl
                && ssl.peerCertificates() != null
                && ssl.peerCertificates().length > 0) {
            return ssl.peerCertificates()[0];
        }
        return null;
    }

    /**
     * Refuses a request whose body was not (fully) read. The answer is sent first, so a client that waits for it
     * before sending more sees it at once; then the rest of the body is read and thrown away (up to a cap), so a
     * sender that posts the whole message still gets the answer instead of a reset connection.
     */
    private boolean refuse(Request request, Response response, Callback callback, int status, String message) {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        long cap = Math.max(maxMessageBytes, DRAIN_AT_LEAST);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        try (Blocker.Callback sent = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(text), sent);
            sent.block();
            if (request.getLength() <= cap) {
                InputStream in = Content.Source.asInputStream(request);
                long skipped = 0;
                long n;
                while (skipped < cap && (n = in.skip(cap - skipped)) > 0) {
                    skipped += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client stopped sending or went away; it has had its answer
        }
        response.write(true, ByteBuffer.allocate(0), callback);
        return true;
    }

    static boolean plain(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
