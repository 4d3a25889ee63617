package nl.dkgw.gateway.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import nl.dkgw.gateway.gb.store.FileId;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.gateway.gb.transfer.ByteRange;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.RangeSelection;
import nl.dkgw.pki.Oin;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Grote Berichten file endpoint of the pull principle: {@code GET} and {@code HEAD} of
 * {@code <prefix><file id>} over mutual TLS. Only the party the file is offered to may fetch it: the OIN in the TLS
 * client certificate (whose chain the TLS layer already validated) must be one {@link OfferedFileAccess} allows
 * (without one: the receiver the file was stored for), otherwise 403
 * (GB010). Unknown, expired and malformed ids are 404; byte ranges per GB001 (206 with {@code Content-Range}, 416
 * with {@code bytes *}/size, {@code If-Range} and {@code If-Match} against the SHA-256 entity tag). The body is
 * streamed from disk in small blocks. With a {@link GbPushHandler}, {@code PUT} on the same path is a push upload.
 * Refusals name the standard's code ({@link GbError}) in their text.
 */
public final class GbFileHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GbFileHandler.class);
    private static final int BLOCK = 64 * 1024;

    private final String prefix;
    private final SenderFileStore store;
    private final OfferedFileAccess access;
    private final GbPushHandler push;

    /** @param prefix the path the ids hang under, starting and ending with '/', e.g. {@code /gb/files/} */
    public GbFileHandler(String prefix, SenderFileStore store) {
        this(prefix, store, OfferedFileAccess.RECEIVER_ONLY, null);
    }

    /**
     * @param access who may fetch a file at the time of the request, and where the bytes served are counted
     * @param push takes push uploads ({@code PUT}) on the same path; null for none
     */
    public GbFileHandler(String prefix, SenderFileStore store, OfferedFileAccess access, GbPushHandler push) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the GB file path starts and ends with '/': " + prefix);
        }
        this.prefix = prefix;
        this.store = store;
        this.access = access;
        this.push = push;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (push != null && "PUT".equals(method)) {
            return push.handle(request, response, callback);
        }
        if (!head && !"GET".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, push == null ? "GET, HEAD" : "GET, HEAD, PUT");
            return answer(
                    response,
                    callback,
                    405,
                    "the GB file endpoint serves GET and HEAD" + (push == null ? " only" : ", and PUT for push"));
        }
        // the raw path, not a decoded one: an id never needs escaping, so anything escaped is not an id
        String path = request.getHttpURI().getPath();
        Optional<FileId> id = path != null && path.startsWith(prefix)
                ? FileId.parse(path.substring(prefix.length()))
                : Optional.empty();
        if (id.isEmpty()) {
            LOG.atInfo().addKeyValue("event", "gb.file-not-an-id").log("GB file request for a path that is no file id");
            return answer(response, callback, 404, GbError.FILE_NOT_FOUND.reason("no such file"));
        }
        Optional<StoredFile> found = store.find(id.get());
        Optional<Oin> client = clientOin(request);
        if (found.isEmpty() && client.isPresent() && access.offeredToAnother(id.get(), client.get())) {
            return forbidden(response, callback, id.get(), client);
        }
        if (found.isEmpty()) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-unknown")
                    .addKeyValue("fileId", id.get().value())
                    .log("GB file requested that is not stored or has expired");
            return answer(
                    response,
                    callback,
                    404,
                    GbError.FILE_NOT_FOUND.reason("no such file, or its lifetime has ended (" + GbError.EXPIRED + ", "
                            + GbError.EXPIRED.requirement() + ")"));
        }
        StoredFile file = found.get();
        if (client.isEmpty() || !access.mayFetch(file, client.get())) {
            return forbidden(response, callback, file.id(), client);
        }
        String ifMatch = request.getHeaders().get(HttpHeader.IF_MATCH);
        if (ifMatch != null && !ifMatch.strip().equals("*") && !listed(ifMatch, file.entityTag())) {
            return answer(response, callback, 412, "the file is not the one the If-Match header names");
        }
        RangeSelection selection = RangeSelection.of(request.getHeaders().get(HttpHeader.RANGE), file.size());
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (ifRange != null && !ifRange.strip().equals(file.entityTag())) {
            selection = RangeSelection.whole(); // the client's part is of another file: send it whole
        }
        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        response.getHeaders().put(HttpHeader.ETAG, file.entityTag());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (selection.kind() == RangeSelection.Kind.UNSATISFIABLE) {
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + file.size());
            return answer(
                    response, callback, 416, "the requested range lies outside the file of " + file.size() + " bytes");
        }
        ByteRange range = selection.kind() == RangeSelection.Kind.PARTIAL
                ? selection.range()
                : file.size() == 0 ? null : new ByteRange(0, file.size() - 1);
        response.setStatus(selection.kind() == RangeSelection.Kind.PARTIAL ? 206 : 200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, range == null ? 0 : range.length());
        if (selection.kind() == RangeSelection.Kind.PARTIAL) {
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, range.contentRange(file.size()));
        }
        if (head || range == null) {
            response.write(true, null, callback);
            if (!head) {
                served(file, 0, 0); // an empty file: fetched completely by this answer
            }
            return true;
        }
        LOG.atInfo()
                .addKeyValue("event", "gb.file-transfer-started")
                .addKeyValue("fileId", file.id().value())
                .addKeyValue("first", range.first())
                .addKeyValue("bytes", range.length())
                .log("serving a GB file");
        long position = range.first();
        try (FileChannel channel = store.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            long remaining = range.length();
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(BLOCK, remaining));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("the stored file is shorter than its descriptor says");
                }
                buffer.flip();
                remaining -= n;
                try (Blocker.Callback written = Blocker.callback()) {
                    response.write(remaining == 0, buffer, written);
                    written.block();
                }
                position += n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-transfer-broken")
                    .addKeyValue("fileId", file.id().value())
                    .log("a GB file transfer ended early: {}", e.getMessage());
            callback.failed(e);
            served(file, range.first(), position);
            return true;
        }
        LOG.atInfo()
                .addKeyValue("event", "gb.file-transfer-done")
                .addKeyValue("fileId", file.id().value())
                .addKeyValue("bytes", range.length())
                .log("served a GB file");
        callback.succeeded();
        served(file, range.first(), position);
        return true;
    }

    /** Tells the node which bytes went out; a failure there never changes the answer already given. */
    private void served(StoredFile file, long first, long end) {
        if (end < first || (end == first && file.size() > 0)) {
            return;
        }
        try {
            access.served(file, first, end);
        } catch (RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.file-served-not-recorded")
                    .addKeyValue("fileId", file.id().value())
                    .log("could not record the bytes served of a GB file: {}", e.getMessage());
        }
    }

    private static boolean forbidden(Response response, Callback callback, FileId id, Optional<Oin> client) {
        LOG.atWarn()
                .addKeyValue("event", "gb.file-forbidden")
                .addKeyValue("fileId", id.value())
                .addKeyValue("clientOin", client.map(Oin::value).orElse("none"))
                .log("refused a GB file to a party it is not offered to");
        return answer(
                response,
                callback,
                403,
                GbError.NOT_AUTHORISED.reason("this file is not for the organisation in your client certificate"));
    }

    private static boolean listed(String header, String tag) {
        for (String candidate : header.split(",")) {
            if (candidate.strip().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    static Optional<Oin> clientOin(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl
                && ssl.peerCertificates() != null
                && ssl.peerCertificates().length > 0) {
            X509Certificate leaf = ssl.peerCertificates()[0];
            return Oin.fromCertificate(leaf);
        }
        return Optional.empty();
    }

    static boolean answer(Response response, Callback callback, int status, String message) {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
        response.write(true, ByteBuffer.wrap(text), callback);
        return true;
    }
}
