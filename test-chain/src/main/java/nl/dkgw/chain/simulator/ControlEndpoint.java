package nl.dkgw.chain.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulators' control endpoint: plain HTTP/JSON on loopback, to see what each simulator received and to switch
 * its misbehaviour while it runs (docs/chain-testing.md):
 * <pre>
 * GET    /simulators                         the simulators, their endpoints, CPAs and current behaviour
 * GET    /simulators/{name}/received         posts to its ebMS endpoint, messages taken in, flow deliveries
 * DELETE /simulators/{name}/received         forget the posts and deliveries recorded so far
 * PUT    /simulators/{name}/cut-download     {"afterBytes": n}: cut the next download of one of its GB files
 * GET    /simulators/{name}/misbehaviour     the current behaviour
 * PUT    /simulators/{name}/misbehaviour     {"kind": "refuse|soap-fault|delay|unavailable|drop-acks|ebms-error|none",
 *                                             "times": -1 or n, "delayMillis": n}
 * GET    /simulators/{name}/habits           the foreign peer's habits: shown, and which are fixed at start
 * PUT    /simulators/{name}/habits           {"habits": "all" | "none" | ["strict-schema", ...]} (wire habits only)
 * POST   /simulators/{name}/ping             {"cpaId": ...}: the simulator pings the other party of that CPA
 * POST   /simulators/{name}/status-request   {"cpaId": ..., "messageId": ...}: asks the other party about a message
 * </pre>
 * The received view also lists the foreign peer's schema refusals ({@code schemaRefusals}).
 */
public final class ControlEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Simulator> simulators;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ControlEndpoint(HttpServer server, List<Simulator> simulators) {
        this.server = server;
        this.simulators = List.copyOf(simulators);
    }

    public static ControlEndpoint start(List<Simulator> simulators, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 20);
        ControlEndpoint control = new ControlEndpoint(server, simulators);
        server.createContext("/simulators", control::handle);
        server.setExecutor(control.executor);
        server.start();
        return control;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8099}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The control URL of one simulator, as the chain test's {@code --counterpart-control} takes it. */
    public URI url(Simulator simulator) {
        return URI.create(url() + "/simulators/" + simulator.name());
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String[] parts = x.getRequestURI().getPath().split("/");
            String method = x.getRequestMethod();
            if (parts.length == 2 && method.equals("GET")) {
                ArrayNode list = json.createArrayNode();
                simulators.forEach(s -> list.add(describe(s)));
                send(x, 200, list);
                return;
            }
            Optional<Simulator> sim = parts.length >= 3 ? find(parts[2]) : Optional.empty();
            if (sim.isEmpty()) {
                send(x, 404, error("no simulator " + (parts.length >= 3 ? parts[2] : "") + " here"));
                return;
            }
            Simulator s = sim.get();
            String what = parts.length >= 4 ? parts[3] : "";
            if (what.isEmpty() && method.equals("GET")) {
                send(x, 200, describe(s));
            } else if (what.equals("received") && method.equals("GET")) {
                ObjectNode out = json.createObjectNode();
                out.set("posted", json.valueToTree(s.posted()));
                out.set("messages", json.valueToTree(s.received()));
                out.set("deliveries", json.valueToTree(s.deliveries()));
                out.set("schemaRefusals", json.valueToTree(s.schemaRefusals()));
                out.set("downloads", json.valueToTree(s.downloads()));
                send(x, 200, out);
            } else if (what.equals("cut-download") && method.equals("PUT")) {
                long after =
                        json.readTree(x.getRequestBody()).path("afterBytes").asLong(-1);
                if (after < 0) {
                    send(x, 400, error("afterBytes (at least 0) is required"));
                } else {
                    s.cutNextDownloadAfter(after);
                    send(x, 200, json.createObjectNode().put("cutNextDownloadAfter", after));
                }
            } else if (what.equals("received") && method.equals("DELETE")) {
                s.clearRecords();
                send(x, 200, json.createObjectNode().put("cleared", true));
            } else if (what.equals("misbehaviour") && method.equals("GET")) {
                send(x, 200, behaviour(s.misbehaviour()));
            } else if (what.equals("misbehaviour") && (method.equals("PUT") || method.equals("POST"))) {
                JsonNode body = json.readTree(x.getRequestBody());
                if (body == null || !body.hasNonNull("kind")) {
                    send(
                            x,
                            400,
                            error("'kind' is required: none, refuse, soap-fault, delay, unavailable, "
                                    + "drop-acks, ebms-error"));
                    return;
                }
                try {
                    s.misbehave(new Misbehaviour(
                            Misbehaviour.kindOf(body.get("kind").asText()),
                            body.path("times").asInt(-1),
                            Duration.ofMillis(body.path("delayMillis").asLong(0))));
                } catch (IllegalArgumentException e) {
                    send(x, 400, error(e.getMessage()));
                    return;
                }
                send(x, 200, behaviour(s.misbehaviour()));
            } else if (what.equals("habits") && method.equals("GET")) {
                send(x, 200, habits(s));
            } else if (what.equals("habits") && (method.equals("PUT") || method.equals("POST"))) {
                JsonNode body = json.readTree(x.getRequestBody());
                JsonNode wanted = body == null ? null : body.get("habits");
                if (wanted == null || !s.kind().foreign()) {
                    send(
                            x,
                            400,
                            error(
                                    s.kind().foreign()
                                            ? "'habits' is required: all, none or a list of " + "habit names"
                                            : "simulator " + s.name() + " is a dkgw node and has no foreign habits"));
                    return;
                }
                try {
                    s.habits(ForeignHabits.parse(wanted.isArray() ? texts(wanted) : wanted.asText()));
                } catch (IllegalArgumentException e) {
                    send(x, 400, error(e.getMessage()));
                    return;
                }
                send(x, 200, habits(s));
            } else if ((what.equals("ping") || what.equals("status-request")) && method.equals("POST")) {
                JsonNode body = json.readTree(x.getRequestBody());
                if (body == null
                        || !body.hasNonNull("cpaId")
                        || (what.equals("status-request") && !body.hasNonNull("messageId"))) {
                    send(
                            x,
                            400,
                            error(
                                    what.equals("ping")
                                            ? "'cpaId' is required"
                                            : "'cpaId' and 'messageId' are required"));
                    return;
                }
                String cpaId = body.get("cpaId").asText();
                SignalExchange r = what.equals("ping")
                        ? s.pingCounterpart(cpaId)
                        : s.statusRequestToCounterpart(
                                cpaId, body.get("messageId").asText());
                send(x, 200, json.valueToTree(r));
            } else {
                send(
                        x,
                        404,
                        error("no control resource " + method + " "
                                + x.getRequestURI().getPath()));
            }
        } catch (IOException | RuntimeException e) {
            send(x, 500, error(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Optional<Simulator> find(String name) {
        return simulators.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private ObjectNode describe(Simulator s) {
        ObjectNode out = json.createObjectNode()
                .put("name", s.name())
                .put("description", s.kind().description())
                .put("oin", s.kind().oin())
                .put("endpoint", s.endpoint().toString())
                .put("gb", s.gb());
        ObjectNode cpas = out.putObject("cpas");
        s.cpaIds().forEach((profile, id) -> cpas.put(profile.code(), id));
        out.set("misbehaviour", behaviour(s.misbehaviour()));
        if (s.kind().foreign()) {
            out.set("habits", habits(s));
        }
        return out;
    }

    private ObjectNode behaviour(Misbehaviour m) {
        return json.createObjectNode()
                .put("kind", m.kindName())
                .put("times", m.times())
                .put("delayMillis", m.delay().toMillis());
    }

    private ObjectNode habits(Simulator s) {
        ObjectNode out = json.createObjectNode();
        out.set("shown", json.valueToTree(s.habits().ids()));
        out.set(
                "fixedAtStart",
                json.valueToTree(Arrays.stream(ForeignHabit.values())
                        .filter(ForeignHabit::chosenAtStart)
                        .map(ForeignHabit::id)
                        .toList()));
        return out;
    }

    private static String texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    private void send(HttpExchange x, int status, JsonNode body) {
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the caller went away
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
