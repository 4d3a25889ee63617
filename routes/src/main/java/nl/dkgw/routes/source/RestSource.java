package nl.dkgw.routes.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.route.FlowEndpoints;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /flows/{flow}} with a JSON or XML event: 202 with the ebMS MessageId once the message is stored for
 * sending; 400 when the body is no JSON or XML at all; 422 with the validation errors (or the missing consent), or
 * when the gateway refuses the message (unknown CPA or action, a value too long); 404 for a flow that has no REST
 * source here; 500 when the node cannot send on the flow's CPA as configured; 503 with Retry-After only when the
 * gateway could not store the message now (the caller retries). The gateway's {@code ebms} producer names the
 * remedy in the exchange property {@link FlowHeaders#SUBMISSION_REMEDY}.
 * An {@code Idempotency-Key} request header makes retries safe: the same key gives the same ebMS message.
 * Runs on the JDK's HTTP server, so the routes module needs no web container.
 */
public final class RestSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestSource.class);
    private static final int MAX_EVENT_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a caller should wait before posting an event again that the gateway could not store. */
    private static final long RETRY_AFTER_SECONDS = 5;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ProducerTemplate template;
    private final Set<String> flows;

    public RestSource(ProducerTemplate template, Set<String> flows, String host, int port) throws IOException {
        this.template = template;
        this.flows = Set.copyOf(flows);
        this.server = HttpServer.create(new InetSocketAddress(host, port), 50);
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dkgw-flows-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/flows/", this::handle);
    }

    public void start() {
        server.start();
        LOG.atInfo()
                .addKeyValue("event", "flows.rest.started")
                .addKeyValue("port", port())
                .addKeyValue("flows", flows)
                .log("flow REST source listening");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            String flow = http.getRequestURI().getPath().substring("/flows/".length());
            if (!flows.contains(flow)) {
                answer(http, 404, error("no flow '" + flow + "' takes events over REST here"));
                return;
            }
            if (!"POST".equals(http.getRequestMethod())) {
                http.getResponseHeaders().add("Allow", "POST");
                answer(http, 405, error("use POST"));
                return;
            }
            byte[] body = read(http.getRequestBody());
            if (body == null) {
                answer(http, 413, error("the event is larger than " + MAX_EVENT_BYTES + " bytes"));
                return;
            }
            String key = http.getRequestHeaders().getFirst("Idempotency-Key");
            String sourceId =
                    "rest-" + (key == null || key.isBlank() ? UUID.randomUUID().toString() : key);
            Exchange result = template.send(FlowEndpoints.entry(flow), e -> {
                e.getMessage().setBody(body);
                e.getMessage().setHeader(FlowHeaders.SOURCE_ID, sourceId);
            });
            respond(http, flow, result);
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("event", "flows.rest.failed").setCause(e).log("REST source failed");
            try {
                answer(http, 500, error("internal error: " + e.getClass().getSimpleName()));
            } catch (IOException | RuntimeException ignored) {
                // the answer may have been started already; the client sees the connection close
            }
        }
    }

    private void respond(HttpExchange http, String flow, Exchange result) throws IOException {
        FlowRejectedException rejection =
                result.getProperty(FlowHeaders.REJECTION_PROPERTY, FlowRejectedException.class);
        if (result.getException() != null) {
            answerFailure(http, flow, result);
        } else if (rejection != null) {
            ObjectNode node = JSON.createObjectNode()
                    .put("flow", flow)
                    .put("kind", rejection.kind().name());
            rejection.reasons().forEach(node.putArray("errors")::add);
            answer(http, rejection.kind() == FlowRejectedException.Kind.MALFORMED ? 400 : 422, node);
        } else {
            ObjectNode node = JSON.createObjectNode()
                    .put("flow", flow)
                    .put("messageId", result.getMessage().getHeader(FlowHeaders.MESSAGE_ID, String.class))
                    .put("conversationId", result.getMessage().getHeader(FlowHeaders.CONVERSATION_ID, String.class));
            answer(http, 202, node);
        }
    }

    /**
     * A failed submission, by the remedy the gateway named: 503 with Retry-After only when trying again can help,
     * 422 when the gateway refused the message, 500 when the node cannot send it as configured or the failure is
     * unknown (not retried blindly by the caller).
     */
    private static void answerFailure(HttpExchange http, String flow, Exchange result) throws IOException {
        String remedy = result.getProperty(FlowHeaders.SUBMISSION_REMEDY, String.class);
        String failure = result.getProperty(FlowHeaders.SUBMISSION_FAILURE, String.class);
        String why = result.getException().getMessage();
        ObjectNode node = JSON.createObjectNode().put("flow", flow);
        if (failure != null) {
            node.put("reason", failure);
        }
        if (FlowHeaders.TRY_AGAIN.equals(remedy)) {
            http.getResponseHeaders().set("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            answer(http, 503, node.put("error", "the gateway could not store the message, try again: " + why));
        } else if (FlowHeaders.CHANGE_SUBMISSION.equals(remedy)) {
            answer(http, 422, node.put("error", "the gateway refused the message: " + why));
        } else {
            answer(
                    http,
                    500,
                    node.put(
                            "error",
                            FlowHeaders.FIX_NODE.equals(remedy)
                                    ? "this node cannot send the flow's messages as configured: " + why
                                    : "the event could not be sent: " + why));
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_EVENT_BYTES + 1);
        return data.length > MAX_EVENT_BYTES ? null : data;
    }

    private static ObjectNode error(String text) {
        return JSON.createObjectNode().put("error", text);
    }

    private static void answer(HttpExchange http, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
