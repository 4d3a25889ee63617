package nl.dkgw.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.cpa.CpaProblem;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.StoredCpa;
import nl.dkgw.gateway.admin.AdminPrincipal;
import nl.dkgw.gateway.admin.AdminRoute;
import nl.dkgw.gateway.admin.AdminRoutes;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.MessageFilter;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.api.SpooledPayload;
import nl.dkgw.gateway.api.StatusResult;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.chaintest.ChainTestRunner;
import nl.dkgw.gateway.cpa.CpaImporter;
import nl.dkgw.gateway.diagnosis.DiagnosisJson;
import nl.dkgw.gateway.diagnosis.DiagnosisRequest;
import nl.dkgw.gateway.diagnosis.LinkDiagnosis;
import nl.dkgw.gateway.ebms.CountingInputStream;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ops.Readiness;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The admin REST API (JSON): health, submitting and following messages, received messages for applications, ping,
 * and CPA management. Documented in docs/admin-api.md.
 */
public final class AdminApi extends Handler.Abstract {

    private static final int MAX_BODY = 64 * 1024 * 1024;

    /** Parts up to this size are base64 in a received message's JSON view; larger ones are downloaded: 8 MiB. */
    static final int JSON_PAYLOAD_MAX = 8 * 1024 * 1024;

    private final AdminNode admin;
    private final GatewayNode node;
    private final ConsoleAssets console = new ConsoleAssets();
    private volatile LinkDiagnosis diagnosis;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final AdminViews views;
    private final Map<String, RouteHandler> handlers;

    public AdminApi(AdminNode admin) {
        this.admin = admin;
        this.node = admin.node();
        this.views = new AdminViews(admin, json, Clock.systemUTC());
        this.handlers = handlers();
        requireHandlerPerRoute(handlers);
    }

    /** Answers one admin API route; {@code p} holds the values of the route's path parameters. */
    @FunctionalInterface
    private interface RouteHandler {
        boolean handle(Request request, Response response, Callback callback, Map<String, String> p) throws Exception;
    }

    /** The handler of every {@link AdminRoute.Server#API} route of {@link AdminRoutes}, by route key. */
    private Map<String, RouteHandler> handlers() {
        Map<String, RouteHandler> h = new HashMap<>();
        h.put(
                "GET /health/live",
                (rq, rs, cb, p) -> send(rs, cb, 200, json.createObjectNode().put("status", "UP")));
        h.put("GET /health/ready", (rq, rs, cb, p) -> ready(rs, cb));
        h.put("GET /metrics", (rq, rs, cb, p) -> metrics(rs, cb));
        h.put("POST /api/messages", (rq, rs, cb, p) -> submit(rq, rs, cb));
        h.put("POST /api/files", (rq, rs, cb, p) -> sendFile(rq, rs, cb));
        h.put("GET /api/messages/{id...}/files/{index}", (rq, rs, cb, p) -> {
            rq.setAttribute(AdminAccess.AUDIT_TARGET, p.get("id"));
            return receivedFile(p.get("id"), p.get("index"), rs, cb);
        });
        h.put(
                "GET /api/messages",
                (rq, rs, cb, p) -> send(rs, cb, 200, views.search(query(Request.extractQueryParameters(rq)))));
        h.put("POST /api/messages/{id...}/resend", (rq, rs, cb, p) -> resend(p.get("id"), rq, rs, cb));
        h.put("GET /api/messages/{id...}/payloads/{index}", (rq, rs, cb, p) -> {
            rq.setAttribute(AdminAccess.AUDIT_TARGET, p.get("id"));
            return payload(p.get("id"), p.get("index"), rs, cb);
        });
        h.put("GET /api/messages/{id...}/receipt", (rq, rs, cb, p) -> receipt(p.get("id"), rs, cb));
        h.put("GET /api/messages/{id...}", (rq, rs, cb, p) -> life(p.get("id"), rs, cb));
        h.put("GET /api/overview", (rq, rs, cb, p) -> overview(rq, rs, cb));
        h.put("GET /api/failed", (rq, rs, cb, p) -> failed(rq, rs, cb));
        h.put("GET /api/received", (rq, rs, cb, p) -> receivedList(rq, rs, cb));
        h.put("POST /api/received/{id}/processed", (rq, rs, cb, p) -> markProcessed(p.get("id"), rs, cb));
        h.put("GET /api/received/{id}", (rq, rs, cb, p) -> fetch(p.get("id"), rs, cb));
        h.put("POST /api/ping", (rq, rs, cb, p) -> ping(rq, rs, cb));
        h.put("POST /api/diagnose", (rq, rs, cb, p) -> diagnose(rq, rs, cb));
        h.put("POST /api/chain-test", (rq, rs, cb, p) -> chainTest(readJson(rq), rs, cb));
        h.put("POST /api/status-request", (rq, rs, cb, p) -> statusRequest(rq, rs, cb));
        h.put("GET /api/cpas", (rq, rs, cb, p) -> send(rs, cb, 200, views.cpas()));
        h.put("POST /api/cpas", (rq, rs, cb, p) -> importCpa(rq, rs, cb));
        h.put("PUT /api/cpas", (rq, rs, cb, p) -> importCpa(rq, rs, cb));
        h.put("GET /api/cpas/{id...}", (rq, rs, cb, p) -> showCpa(p.get("id"), rs, cb));
        h.put("DELETE /api/cpas/{id...}", (rq, rs, cb, p) -> deleteCpa(p.get("id"), rs, cb));
        h.put("POST /api/purge", (rq, rs, cb, p) -> purge(readJson(rq), rs, cb));
        h.put("GET /api/audit", (rq, rs, cb, p) -> audit(rq, rs, cb));
        return h;
    }

    /** Fails when a route of the table that the API serves has no handler, or a handler no route. */
    static void requireHandlerPerRoute(Map<String, ?> handlers) {
        List<String> served = AdminRoutes.ALL.stream()
                .filter(r -> r.server() == AdminRoute.Server.API)
                .map(AdminRoute::key)
                .toList();
        List<String> missing =
                served.stream().filter(k -> !handlers.containsKey(k)).toList();
        List<String> extra = handlers.keySet().stream()
                .filter(k -> !served.contains(k))
                .sorted()
                .toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalStateException(
                    "admin routes without a handler: " + missing + "; handlers without a route: " + extra);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // already percent-decoded (Jetty's canonical path): ids are taken as they are, '+' included
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        Optional<AdminRoute> route = AdminRoutes.find(method, path);
        if (route.isEmpty() || route.get().server() != AdminRoute.Server.API) {
            if (ConsoleAssets.serves(path)) {
                return console.handle(request, response, callback);
            }
            // read what little body came with it, so the connection stays usable for the client's next request
            RequestBodies.discardSmall(request);
            List<String> methods = AdminRoutes.methodsOf(path);
            if (methods.isEmpty() || route.isPresent()) {
                return error(response, callback, 404, "no admin resource " + method + " " + path);
            }
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", methods));
            return error(
                    response,
                    callback,
                    405,
                    method + " is not supported on " + path + " (only " + String.join(", ", methods) + ")");
        }
        try {
            return handlers.get(route.get().key())
                    .handle(request, response, callback, route.get().match(path).orElseThrow());
        } catch (BadRequest e) {
            RequestBodies.discardSmall(request);
            return error(response, callback, 400, e.getMessage());
        } catch (IllegalArgumentException e) {
            RequestBodies.discardSmall(request);
            return error(response, callback, 400, e.getMessage());
        } catch (Exception e) {
            RequestBodies.discardSmall(request);
            return error(response, callback, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private boolean ready(Response response, Callback callback) throws IOException {
        Readiness.Report report = admin.readiness();
        ObjectNode out = json.createObjectNode().put("status", report.ready() ? "UP" : "DOWN");
        ObjectNode checks = out.putObject("checks");
        report.checks()
                .forEach((name, check) ->
                        checks.putObject(name).put("ok", check.ok()).put("detail", check.detail()));
        return send(response, callback, report.ready() ? 200 : 503, out);
    }

    private boolean metrics(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.write(true, ByteBuffer.wrap(admin.metrics().scrape().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private boolean overview(Request request, Response response, Callback callback) throws Exception {
        String hours = Request.extractQueryParameters(request).getValue("hours");
        int h = hours == null ? 24 : Integer.parseInt(hours);
        if (h < 1 || h > 24 * 31) {
            throw new BadRequest("'hours' must be between 1 and 744");
        }
        return send(response, callback, 200, views.overview(h));
    }

    private boolean receipt(String id, Response response, Callback callback) {
        Optional<byte[]> receipt = node.messages().receipt(id);
        if (receipt.isEmpty()) {
            return error(
                    response,
                    callback,
                    404,
                    "no receipt for MessageId " + id + " (not sent by this node, or not acknowledged yet)");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=UTF-8");
        response.write(true, ByteBuffer.wrap(receipt.get()), callback);
        return true;
    }

    private boolean life(String id, Response response, Callback callback) throws IOException {
        Optional<MessageReport> report = node.messages().report(id);
        return report.isPresent()
                ? send(response, callback, 200, views.life(report.get()))
                : error(response, callback, 404, "no message with MessageId " + id);
    }

    private boolean receivedList(Request request, Response response, Callback callback) throws IOException {
        Fields query = Request.extractQueryParameters(request);
        String status = query.getValue("status");
        String limit = query.getValue("limit");
        List<MessageSummary> list = node.inbound()
                .received(
                        new MessageRoute(query.getValue("cpaId"), query.getValue("service"), query.getValue("action")),
                        status == null ? null : MessageSummary.Status.valueOf(status.toUpperCase()),
                        limit == null ? 100 : Integer.parseInt(limit));
        return send(response, callback, 200, json.valueToTree(list));
    }

    private boolean failed(Request request, Response response, Callback callback) throws IOException {
        Fields query = Request.extractQueryParameters(request);
        String after = query.getValue("after");
        String limit = query.getValue("limit");
        List<MessageSummary> list = node.messages()
                .failed(
                        new MessageRoute(query.getValue("cpaId"), query.getValue("service"), query.getValue("action")),
                        after == null ? 0 : Long.parseLong(after),
                        limit == null ? 100 : Integer.parseInt(limit));
        return send(response, callback, 200, json.valueToTree(list));
    }

    private boolean ping(Request request, Response response, Callback callback) throws Exception {
        JsonNode body = readJson(request);
        String cpaId = text(body, "cpaId");
        request.setAttribute(AdminAccess.AUDIT_TARGET, cpaId);
        long timeout = body.path("timeoutSeconds").asLong(30);
        PingResult result = node.messages().ping(cpaId, Duration.ofSeconds(timeout));
        ObjectNode out = json.createObjectNode()
                .put("pong", result.pong())
                .put("detail", result.detail())
                .put("roundTripMillis", result.roundTrip().toMillis())
                .put("pingMessageId", result.pingMessageId());
        return send(response, callback, 200, out);
    }

    private boolean diagnose(Request request, Response response, Callback callback) throws Exception {
        JsonNode body = readJson(request);
        DiagnosisRequest diagnosis = DiagnosisRequest.of(text(body, "cpaId"));
        request.setAttribute(AdminAccess.AUDIT_TARGET, body.get("cpaId").asText());
        if (body.hasNonNull("connectTimeoutSeconds")) {
            diagnosis = diagnosis.withConnectTimeout(
                    Duration.ofSeconds(body.get("connectTimeoutSeconds").asLong()));
        }
        if (body.hasNonNull("pingTimeoutSeconds")) {
            diagnosis = diagnosis.withPingTimeout(
                    Duration.ofSeconds(body.get("pingTimeoutSeconds").asLong()));
        }
        JsonNode test = body.get("testMessage");
        if (test != null && test.isObject()) {
            request.setAttribute(AdminAccess.AUDIT_ACTION, "chain-test");
            diagnosis = diagnosis.withTestMessage(
                    text(test, "service"),
                    text(test, "action"),
                    Duration.ofSeconds(test.path("timeoutSeconds").asLong(60)));
        }
        return send(response, callback, 200, DiagnosisJson.toTree(diagnosis().run(diagnosis)));
    }

    private boolean statusRequest(Request request, Response response, Callback callback) throws Exception {
        JsonNode body = readJson(request);
        request.setAttribute(AdminAccess.AUDIT_TARGET, optional(body, "messageId"));
        StatusResult result = node.messages()
                .statusRequest(
                        text(body, "cpaId"),
                        text(body, "messageId"),
                        Duration.ofSeconds(body.path("timeoutSeconds").asLong(30)));
        ObjectNode out = json.createObjectNode()
                .put("messageStatus", result.messageStatus())
                .put("failure", result.failure());
        return send(response, callback, 200, out);
    }

    private boolean audit(Request request, Response response, Callback callback) throws IOException {
        String limit = Request.extractQueryParameters(request).getValue("limit");
        ObjectNode out = json.createObjectNode();
        out.set("events", json.valueToTree(admin.audit().latest(limit == null ? 100 : Integer.parseInt(limit))));
        return send(response, callback, 200, out);
    }

    /** The search of GET /api/messages from its query parameters. */
    private static MessageFilter query(Fields q) throws BadRequest {
        try {
            String status = q.getValue("status");
            String direction = q.getValue("direction");
            String kind = q.getValue("kind");
            String limit = q.getValue("limit");
            String before = q.getValue("before");
            return new MessageFilter(
                    blankToNull(q.getValue("cpaId")),
                    blankToNull(q.getValue("party")),
                    blankToNull(q.getValue("service")),
                    blankToNull(q.getValue("action")),
                    status == null || status.isBlank()
                            ? null
                            : MessageSummary.Status.valueOf(status.trim().toUpperCase()),
                    direction == null || direction.isBlank()
                            ? null
                            : MessageSummary.Direction.valueOf(direction.trim().toUpperCase()),
                    kind == null || kind.isBlank()
                            ? MessageSummary.Kind.USER
                            : kind.equalsIgnoreCase("all")
                                    ? null
                                    : MessageSummary.Kind.valueOf(kind.trim().toUpperCase()),
                    blankToNull(q.getValue("messageId")),
                    blankToNull(q.getValue("conversationId")),
                    instant(q.getValue("from"), "from"),
                    instant(q.getValue("to"), "to"),
                    before == null || before.isBlank() ? null : Long.parseLong(before.trim()),
                    limit == null ? 50 : Integer.parseInt(limit));
        } catch (NumberFormatException e) {
            throw new BadRequest("'limit' and 'before' must be numbers: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("unknown status, direction or kind: " + e.getMessage());
        }
    }

    private static Instant instant(String value, String name) throws BadRequest {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + name + "' is not an ISO-8601 instant (e.g. 2026-11-23T10:00:00Z): " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private boolean resend(String messageId, Request request, Response response, Callback callback) throws IOException {
        Object who = request.getAttribute(AdminAccess.PRINCIPAL);
        String by = who instanceof AdminPrincipal p ? p.name() : "anonymous";
        return switch (node.messages().resend(messageId, by)) {
            case RESENT ->
                send(
                        response,
                        callback,
                        202,
                        json.createObjectNode()
                                .put("messageId", messageId)
                                .put("status", MessageSummary.Status.PENDING.name()));
            case NOT_FOUND ->
                error(response, callback, 404, "no outbound business message with MessageId " + messageId);
            case NOT_FAILED ->
                error(
                        response,
                        callback,
                        409,
                        "message " + messageId + " is not FAILED; only a failed " + "message can be resent");
        };
    }

    private boolean payload(String messageId, String index, Response response, Callback callback) throws IOException {
        Optional<Long> m =
                node.messages().report(messageId).map(r -> r.message().pk());
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return error(response, callback, 400, "'" + index + "' is not a payload index");
        }
        Optional<Payload> p = m.flatMap(pk -> admin.queries().payload(pk, i));
        if (p.isEmpty()) {
            return error(response, callback, 404, "no payload " + index + " of message " + messageId);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, p.get().contentType());
        response.getHeaders().put("Content-Disposition", "attachment; filename=\"payload-" + i + "\"");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        // the content type came from a peer: never let a browser run it on the admin origin
        response.getHeaders().put("Content-Security-Policy", "sandbox; default-src 'none'");
        long size = p.get().size();
        if (size >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        }
        // streamed from the store in chunks: a payload of any size is never held whole
        try (InputStream in = p.get().open();
                OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return true;
        }
        callback.succeeded();
        return true;
    }

    private LinkDiagnosis diagnosis() {
        LinkDiagnosis d = diagnosis;
        if (d == null) {
            d = LinkDiagnosis.forNode(node);
            diagnosis = d;
        }
        return d;
    }

    private boolean submit(Request request, Response response, Callback callback) throws IOException, BadRequest {
        Fields query = Request.extractQueryParameters(request);
        if (parameter(request, query, "cpaId", "X-Dkgw-Cpa-Id", false) != null) {
            return submitRaw(request, query, response, callback);
        }
        JsonNode body = readJson(request);
        List<Submission.Part> parts = new ArrayList<>();
        for (JsonNode p : body.path("payloads")) {
            String contentType = p.path("contentType").asText("application/octet-stream");
            byte[] data;
            if (p.has("base64")) {
                data = Base64.getDecoder().decode(p.get("base64").asText());
            } else if (p.has("text")) {
                data = p.get("text").asText().getBytes(StandardCharsets.UTF_8);
            } else {
                throw new BadRequest("each payload needs 'text' or 'base64'");
            }
            parts.add(new Submission.Part(
                    contentType,
                    data,
                    p.hasNonNull("contentId") ? p.get("contentId").asText() : null));
        }
        PartyId from = body.hasNonNull("fromPartyId")
                ? PartyId.oin(body.get("fromPartyId").asText())
                : null;
        Submission s = new Submission(
                text(body, "cpaId"),
                text(body, "service"),
                text(body, "action"),
                parts,
                optional(body, "conversationId"),
                from,
                optional(body, "messageId"));
        request.setAttribute(AdminAccess.AUDIT_TARGET, s.cpaId());
        SubmitResult result = node.messages().submit(s);
        if (result instanceof SubmitResult.Refused refused) {
            return refused(response, callback, refused);
        }
        return send(response, callback, 202, accepted(request, (SubmitResult.Accepted) result));
    }

    /** The answer to an accepted submission, which from now on is audited under its MessageId. */
    private ObjectNode accepted(Request request, SubmitResult.Accepted result) {
        MessageSummary stored = result.message();
        request.setAttribute(AdminAccess.AUDIT_TARGET, stored.messageId());
        return json.createObjectNode()
                .put("messageId", stored.messageId())
                .put("conversationId", stored.conversationId())
                .put("status", stored.status().name());
    }

    /**
     * A submission whose request body is its one payload, as it is (no JSON, no base64): the CPA, service, action and
     * optional conversation id, MessageId, sending party and Content-ID come as query parameters or {@code X-Dkgw-*}
     * headers, the content type as the query parameter {@code contentType} or the request's Content-Type. A body
     * above {@value SpooledPayload#IN_MEMORY_UP_TO} bytes is spooled to a temporary file, never held whole, and
     * the file deleted once the message is stored; one above the node's {@code limits.max-message-bytes} is refused
     * (413). Answered as {@link #submit}, with the payload's size.
     */
    private boolean submitRaw(Request request, Fields query, Response response, Callback callback)
            throws IOException, BadRequest {
        String cpaId = parameter(request, query, "cpaId", "X-Dkgw-Cpa-Id", true);
        request.setAttribute(AdminAccess.AUDIT_TARGET, cpaId);
        String service = parameter(request, query, "service", "X-Dkgw-Service", true);
        String action = parameter(request, query, "action", "X-Dkgw-Action", true);
        String conversationId = parameter(request, query, "conversationId", "X-Dkgw-Conversation-Id", false);
        String messageId = parameter(request, query, "messageId", "X-Dkgw-Message-Id", false);
        String fromPartyId = parameter(request, query, "fromPartyId", "X-Dkgw-From-Party-Id", false);
        String contentId = parameter(request, query, "contentId", "X-Dkgw-Content-Id", false);
        String contentType = blankToNull(query.getValue("contentType"));
        if (contentType == null) {
            contentType = blankToNull(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        }
        if (contentType == null) {
            contentType = "application/octet-stream";
        }
        long limit = admin.maxSubmissionBytes();
        if (request.getLength() > limit) {
            RequestBodies.discardSmall(request);
            return error(
                    response,
                    callback,
                    413,
                    "the payload of " + request.getLength() + " bytes is larger than the limit of " + limit
                            + " bytes (limits.max-message-bytes)");
        }
        SpooledPayload payload;
        try (InputStream in = new BoundedBody(Content.Source.asInputStream(request), limit)) {
            payload = SpooledPayload.receive(in, admin.spoolDirectory());
        } catch (BoundedBody.TooLong e) {
            // what was spooled of it is deleted already; nothing of the body is kept
            RequestBodies.discardSmall(request);
            return error(
                    response,
                    callback,
                    413,
                    "the payload is larger than the limit of " + limit + " bytes (limits.max-message-bytes)");
        }
        SubmitResult result;
        try (payload) {
            Submission s = new Submission(
                    cpaId,
                    service,
                    action,
                    List.of(new Submission.Part(contentType, payload.content(), contentId)),
                    conversationId,
                    fromPartyId == null ? null : PartyId.oin(fromPartyId),
                    messageId);
            result = node.messages().submit(s);
        }
        if (result instanceof SubmitResult.Refused refused) {
            return refused(response, callback, refused);
        }
        return send(
                response,
                callback,
                202,
                accepted(request, (SubmitResult.Accepted) result).put("bytes", payload.size()));
    }

    /**
     * Grote Berichten: the request body is the file, streamed into the sender's file store (never held whole); the
     * CPA, service, action, filename, conversation id and GB mode come as query parameters or {@code X-Dkgw-*} headers, the
     * content type as the query parameter {@code contentType} or the request's Content-Type. Answered as {@link
     * #submit}: the metadata message accepted (202) or refused by its reason.
     */
    private boolean sendFile(Request request, Response response, Callback callback) throws Exception {
        Fields query = Request.extractQueryParameters(request);
        String cpaId = parameter(request, query, "cpaId", "X-Dkgw-Cpa-Id", true);
        request.setAttribute(AdminAccess.AUDIT_TARGET, cpaId);
        String service = parameter(request, query, "service", "X-Dkgw-Service", true);
        String action = parameter(request, query, "action", "X-Dkgw-Action", true);
        String filename = parameter(request, query, "filename", "X-Dkgw-Filename", true);
        String conversationId = parameter(request, query, "conversationId", "X-Dkgw-Conversation-Id", false);
        FileSubmission.Mode mode = mode(parameter(request, query, "mode", "X-Dkgw-Gb-Mode", false));
        String contentType = blankToNull(query.getValue("contentType"));
        if (contentType == null) {
            contentType = blankToNull(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        }
        if (contentType == null) {
            contentType = "application/octet-stream";
        }
        SubmitResult result;
        long bytes;
        try (CountingInputStream in = new CountingInputStream(Content.Source.asInputStream(request))) {
            try {
                result = node.largeFiles()
                        .send(new FileSubmission(cpaId, service, action, in, filename, contentType, conversationId)
                                .withMode(mode));
            } catch (IllegalStateException off) {
                skipRest(request, in);
                return error(response, callback, 409, off.getMessage());
            }
            if (result instanceof SubmitResult.Refused refused) {
                skipRest(request, in);
                return refused(response, callback, refused);
            }
            bytes = in.count();
        }
        MessageSummary stored = ((SubmitResult.Accepted) result).message();
        request.setAttribute(AdminAccess.AUDIT_TARGET, stored.messageId());
        return send(
                response,
                callback,
                202,
                json.createObjectNode()
                        .put("messageId", stored.messageId())
                        .put("conversationId", stored.conversationId())
                        .put("status", stored.status().name())
                        .put("filename", filename)
                        .put("bytes", bytes));
    }

    /**
     * Reads and drops what is left of a file upload that was refused before its end, so that a client which sends
     * the whole body before reading the answer gets the answer.
     */
    private static void skipRest(Request request, InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    /** The GB mode a file is sent in: {@code pull} or {@code push}; null (the node's {@code gb.mode}) when not given. */
    private static FileSubmission.Mode mode(String value) throws BadRequest {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "pull" -> FileSubmission.Mode.PULL;
            case "push" -> FileSubmission.Mode.PUSH;
            default -> throw new BadRequest("'mode' is 'pull' or 'push', not '" + value + "'");
        };
    }

    /** A request parameter: the query parameter {@code name}, else the header {@code header}. */
    private static String parameter(Request request, Fields query, String name, String header, boolean required)
            throws BadRequest {
        String value = blankToNull(query.getValue(name));
        if (value == null) {
            value = blankToNull(request.getHeaders().get(header));
        }
        if (value == null && required) {
            throw new BadRequest("'" + name + "' is required (query parameter " + name + " or header " + header + ")");
        }
        return value;
    }

    /** A received message's GB file ({@code index} as in the message view's {@code files}), once it arrived. */
    private boolean receivedFile(String messageId, String index, Response response, Callback callback)
            throws IOException {
        Optional<Long> m =
                node.messages().report(messageId).map(r -> r.message().pk());
        if (m.isEmpty()) {
            return error(response, callback, 404, "no message with MessageId " + messageId);
        }
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return error(response, callback, 400, "'" + index + "' is not a file index");
        }
        List<ReceivedFile> files;
        try {
            files = node.largeFiles().files(m.get());
        } catch (IllegalStateException off) {
            return error(
                    response, callback, 404, "no file " + index + " of message " + messageId + ": " + off.getMessage());
        }
        if (i < 0 || i >= files.size()) {
            return error(response, callback, 404, "no file " + index + " of message " + messageId);
        }
        ReceivedFile file = files.get(i);
        if (file.status() != ReceivedFile.Status.COMPLETED) {
            return error(
                    response,
                    callback,
                    409,
                    "file " + file.filename() + " has not arrived: " + file.status()
                            + (file.failure() == null ? "" : " (" + file.failure() + ")"));
        }
        InputStream in = node.largeFiles().open(file);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.size());
        response.getHeaders()
                .put("Content-Disposition", "attachment; filename=\"" + safeFilename(file.filename()) + "\"");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        // the content type came from a peer: never let a browser run it on the admin origin
        response.getHeaders().put("Content-Security-Policy", "sandbox; default-src 'none'");
        try (in;
                java.io.OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return true;
        }
        callback.succeeded();
        return true;
    }

    private static String safeFilename(String name) {
        String safe = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "file" : safe;
    }

    /** A submission not accepted: the status of its reason, the reason by name, Retry-After when retryable. */
    private boolean refused(Response response, Callback callback, SubmitResult.Refused e) {
        if (e.reason().retryable()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, SubmissionAnswer.RETRY_AFTER.toSeconds());
        }
        try {
            return send(
                    response,
                    callback,
                    SubmissionAnswer.status(e.reason()),
                    json.createObjectNode()
                            .put("error", e.detail())
                            .put("reason", e.reason().name())
                            .put("retryable", e.reason().retryable()));
        } catch (IOException io) {
            callback.failed(io);
            return true;
        }
    }

    private static long receivedId(String id) throws BadRequest {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + id + "' is not a received-message id");
        }
    }

    private boolean markProcessed(String id, Response response, Callback callback) throws Exception {
        long pk = receivedId(id);
        return node.inbound().complete(pk)
                ? send(response, callback, 200, json.createObjectNode().put("status", "PROCESSED"))
                : error(
                        response,
                        callback,
                        409,
                        "message " + pk + " is not a received message " + "awaiting processing");
    }

    private boolean fetch(String id, Response response, Callback callback) throws Exception {
        long pk = receivedId(id);
        Optional<ReceivedMessage> m = node.inbound().fetch(pk);
        if (m.isEmpty()) {
            return error(response, callback, 404, "no received message " + pk);
        }
        ObjectNode out = json.createObjectNode();
        out.set("message", json.valueToTree(m.get().message()));
        ArrayNode payloads = out.putArray("payloads");
        List<Payload> received = m.get().payloads();
        for (int i = 0; i < received.size(); i++) {
            Payload p = received.get(i);
            ObjectNode part =
                    payloads.addObject().put("contentId", p.contentId()).put("contentType", p.contentType());
            byte[] bytes = upTo(p, JSON_PAYLOAD_MAX);
            if (bytes == null) {
                // a large part is not built into a JSON string: the application downloads it as a stream
                part.put("tooLargeForJson", true)
                        .put("size", p.size())
                        .put(
                                "download",
                                "/api/messages/"
                                        + URLEncoder.encode(m.get().message().messageId(), StandardCharsets.UTF_8)
                                                .replace("+", "%20")
                                        + "/payloads/" + i);
            } else {
                part.put("base64", Base64.getEncoder().encodeToString(bytes));
            }
        }
        return send(response, callback, 200, out);
    }

    /** The part's bytes when it has at most {@code max} of them, else null; reads no more than {@code max + 1}. */
    private static byte[] upTo(Payload p, int max) throws IOException {
        if (p.size() > max) {
            return null;
        }
        try (InputStream in = p.open()) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? null : bytes;
        }
    }

    /**
     * {@code {cpaId, reportDir?, counterpartControl?, gbFileBytes?, timeoutSeconds?, failFast?}}: runs the compliance
     * suite (test-chain) from this node. Here only the fields' types are checked; the suite's runner refuses values
     * out of its limits (an IllegalArgumentException, so 400 as well).
     */
    private boolean chainTest(JsonNode body, Response response, Callback callback) throws Exception {
        String cpaId = text(body, "cpaId");
        Optional<ChainTestRunner> runner = ChainTestRunner.find();
        if (runner.isEmpty()) {
            return error(
                    response,
                    callback,
                    501,
                    "the chain test is not part of this build: the dkgw-test-chain "
                            + "module is not on the class path (run the dkgw.jar of the app module)");
        }
        String dir = optional(body, "reportDir");
        ChainTestRunner.Request run = new ChainTestRunner.Request(
                cpaId,
                dir == null ? null : Path.of(dir),
                optional(body, "counterpartControl"),
                optionalWholeNumber(body, "gbFileBytes"),
                optionalWholeNumber(body, "timeoutSeconds"),
                optionalFlag(body, "failFast"));
        ChainTestRunner.Outcome outcome = runner.get().run(node, run);
        ObjectNode out = json.createObjectNode()
                .put("passed", outcome.passed())
                .put("reportDir", outcome.reportDir().toString());
        ArrayNode tests = out.putArray("tests");
        for (ChainTestRunner.Case c : outcome.tests()) {
            ObjectNode t = tests.addObject()
                    .put("name", c.name())
                    .put("passed", c.passed())
                    .put("status", c.status().name())
                    .put("detail", c.detail());
            ArrayNode ids = t.putArray("messageIds");
            c.messageIds().forEach(ids::add);
        }
        return send(response, callback, 200, out);
    }

    /** {@code {dryRun, olderThan}} (olderThan an ISO-8601 duration, default retention.period) to the counts. */
    private boolean purge(JsonNode body, Response response, Callback callback) throws Exception {
        boolean dryRun = body.path("dryRun").asBoolean(false);
        String olderThan = optional(body, "olderThan");
        Duration period;
        try {
            period = olderThan == null ? null : Duration.parse(olderThan);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'olderThan' is not an ISO-8601 duration (e.g. P30D): " + olderThan);
        }
        if (period != null && period.isNegative()) {
            throw new BadRequest("'olderThan' must not be negative: " + olderThan);
        }
        AdminNode.Purged counts = admin.purge(period, dryRun);
        ObjectNode out = json.createObjectNode()
                .put("dryRun", dryRun)
                .put("olderThan", (period == null ? node.config().retention().period() : period).toString());
        out.set("counts", json.valueToTree(counts));
        return send(response, callback, 200, out);
    }

    private boolean importCpa(Request request, Response response, Callback callback) throws Exception {
        String xml = new String(readBody(request), StandardCharsets.UTF_8);
        try {
            CpaImporter.Imported imported = admin.importCpa(xml);
            request.setAttribute(AdminAccess.AUDIT_TARGET, imported.cpa().cpaId());
            ObjectNode out = json.createObjectNode()
                    .put("cpaId", imported.cpa().cpaId())
                    .put("version", imported.cpa().version())
                    .put("replaced", imported.replaced());
            out.set("warnings", problems(imported.warnings()));
            return send(response, callback, 200, out);
        } catch (CpaImporter.RejectedCpaException e) {
            ObjectNode out = json.createObjectNode().put("error", e.getMessage());
            ArrayNode problems = problems(e.problems());
            if (problems.isEmpty()) {
                problems.addObject()
                        .put("severity", "ERROR")
                        .putNull("location")
                        .put("message", e.getMessage());
            }
            out.set("problems", problems);
            return send(response, callback, 422, out);
        }
    }

    private boolean showCpa(String id, Response response, Callback callback) {
        Optional<String> xml = admin.cpaStore().show(id).map(StoredCpa::xml);
        if (xml.isEmpty()) {
            return error(response, callback, 404, "no CPA " + id);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml; charset=UTF-8");
        response.write(true, ByteBuffer.wrap(xml.get().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private boolean deleteCpa(String id, Response response, Callback callback) throws IOException {
        return admin.cpaStore().delete(id)
                ? send(response, callback, 200, json.createObjectNode().put("deleted", id))
                : error(response, callback, 404, "no CPA " + id);
    }

    private ArrayNode problems(List<CpaProblem> problems) {
        ArrayNode out = json.createArrayNode();
        for (CpaProblem p : problems) {
            out.addObject()
                    .put("severity", p.severity().name())
                    .put("location", p.location())
                    .put("message", p.message());
        }
        return out;
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    private JsonNode readJson(Request request) throws IOException, BadRequest {
        byte[] body = readBody(request);
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] readBody(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IllegalArgumentException("request body larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static String text(JsonNode body, String field) throws BadRequest {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || n.asText().isBlank()) {
            throw new BadRequest("'" + field + "' is required");
        }
        return n.asText();
    }

    /** A field that, when present, must be a JSON whole number (not a string, not a fraction). */
    private static Long optionalWholeNumber(JsonNode body, String field) throws BadRequest {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new BadRequest("'" + field + "' must be a whole number: " + n);
        }
        return n.asLong();
    }

    /** A field that, when present, must be JSON true or false; absent is false. */
    private static boolean optionalFlag(JsonNode body, String field) throws BadRequest {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new BadRequest("'" + field + "' must be true or false: " + n);
        }
        return n.asBoolean();
    }

    private static String optional(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private boolean send(Response response, Callback callback, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(body)), callback);
        return true;
    }

    private boolean error(Response response, Callback callback, int status, String message) {
        try {
            return send(response, callback, status, json.createObjectNode().put("error", message));
        } catch (IOException e) {
            callback.failed(e);
            return true;
        }
    }
}
