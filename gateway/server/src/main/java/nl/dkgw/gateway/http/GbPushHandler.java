package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Predicate;
import nl.dkgw.gateway.gb.push.PushedFileStore;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.pki.Oin;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of Grote Berichten push: {@code PUT <prefix><name>} over the same mutual-TLS connector as the
 * pull file endpoint. Only a party this node has a CPA with may upload: the OIN in the TLS client certificate (whose
 * chain the TLS layer already validated) must be accepted by {@code mayPush}, otherwise 403 (GB010); a refused body
 * is read and thrown away, so that the client gets the answer rather than a broken connection. The body is streamed to {@link PushedFileStore} under that OIN; it replaces an earlier upload
 * of the same name only once it arrived whole (GB016). The standard has no partial PUT, so a {@code Content-Range}
 * is refused with 400 as RFC 7231 asks. A body longer than {@code maxFileSize} is refused with 413, by its
 * {@code Content-Length} before it is read, else once that many bytes arrived. Answers: 201 for a new file, 204 for
 * a replaced one.
 */
public final class GbPushHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GbPushHandler.class);

    private final String prefix;
    private final PushedFileStore store;
    private final Predicate<Oin> mayPush;
    private final long maxFileSize;

    /** As {@link #GbPushHandler(String, PushedFileStore, Predicate, long)} without a limit on the size. */
    public GbPushHandler(String prefix, PushedFileStore store, Predicate<Oin> mayPush) {
        this(prefix, store, mayPush, Long.MAX_VALUE);
    }

    /**
     * @param mayPush     whether the organisation with this OIN may upload to this node (a party of one of its CPAs)
     * @param maxFileSize the longest body taken ({@code gb.max-file-size})
     */
    public GbPushHandler(String prefix, PushedFileStore store, Predicate<Oin> mayPush, long maxFileSize) {
        this.prefix = prefix;
        this.store = store;
        this.mayPush = mayPush;
        this.maxFileSize = maxFileSize;
    }

    boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        Optional<String> name = path != null && path.startsWith(prefix)
                ? PushedFileStore.name(path.substring(prefix.length()))
                : Optional.empty();
        if (name.isEmpty()) {
            return GbFileHandler.answer(
                    response,
                    callback,
                    404,
                    GbError.FILE_NOT_FOUND.reason(
                            "a pushed file's name is 1 to 200 letters, digits, '.', '_' or '-' after " + prefix));
        }
        Optional<Oin> client = GbFileHandler.clientOin(request);
        if (client.isEmpty() || !mayPush.test(client.get())) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.push-forbidden")
                    .addKeyValue("name", name.get())
                    .addKeyValue("clientOin", client.map(Oin::value).orElse("none"))
                    .log("refused a GB push upload from an organisation without a CPA with this node");
            discard(request);
            return GbFileHandler.answer(
                    response,
                    callback,
                    403,
                    GbError.NOT_AUTHORISED.reason(
                            "the organisation in your client certificate has no CPA with this node"));
        }
        if (request.getHeaders().get(HttpHeader.CONTENT_RANGE) != null) {
            discard(request);
            return GbFileHandler.answer(
                    response,
                    callback,
                    400,
                    GbError.UNKNOWN_ERROR.reason(
                            "a GB push upload is one whole file (GB016); Content-Range is not supported"));
        }
        long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (length > maxFileSize) {
            discard(request);
            return tooLarge(response, callback, name.get(), client.get());
        }
        boolean replacing = store.has(client.get(), name.get());
        LOG.atInfo()
                .addKeyValue("event", "gb.push-started")
                .addKeyValue("name", name.get())
                .addKeyValue("clientOin", client.get().value())
                .addKeyValue("bytes", length)
                .log("receiving a GB push upload");
        long stored;
        try (InputStream body = new BoundedBody(Content.Source.asInputStream(request), maxFileSize)) {
            stored = store.receive(client.get(), name.get(), body, length);
        } catch (BoundedBody.TooLong e) {
            return tooLarge(response, callback, name.get(), client.get());
        } catch (IOException | RuntimeException e) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.push-broken")
                    .addKeyValue("name", name.get())
                    .addKeyValue("clientOin", client.get().value())
                    .log("a GB push upload ended early, nothing kept: {}", e.getMessage());
            // a client that broke off hears nothing; one still there learns the node could not keep it (retryable)
            return GbFileHandler.answer(
                    response,
                    callback,
                    500,
                    GbError.UNKNOWN_ERROR.reason("the upload was not stored, nothing was kept: " + e.getMessage()));
        }
        LOG.atInfo()
                .addKeyValue("event", "gb.push-received")
                .addKeyValue("name", name.get())
                .addKeyValue("clientOin", client.get().value())
                .addKeyValue("bytes", stored)
                .log("GB push upload stored");
        response.setStatus(replacing ? 204 : 201);
        response.write(true, null, callback);
        return true;
    }

    private boolean tooLarge(Response response, Callback callback, String name, Oin client) {
        LOG.atWarn()
                .addKeyValue("event", "gb.push-too-large")
                .addKeyValue("name", name)
                .addKeyValue("clientOin", client.value())
                .addKeyValue("maxBytes", maxFileSize)
                .log("refused a GB push upload larger than this node takes, nothing kept");
        return GbFileHandler.answer(
                response,
                callback,
                413,
                GbError.INCORRECT_FILE_SIZE.reason(
                        "this node takes files of at most " + maxFileSize + " bytes (gb.max-file-size)"));
    }

    private static void discard(Request request) {
        try (InputStream body = Content.Source.asInputStream(request)) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away; there is nobody to answer
        }
    }
}
