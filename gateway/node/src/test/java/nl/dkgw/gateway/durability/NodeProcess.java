package nl.dkgw.gateway.durability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.testkit.ChildJvm;
import nl.dkgw.testkit.FreePort;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One gateway node run as its own process ({@code dkgw serve --config}), that a test can kill with SIGKILL and start
 * again on the same ports, store and configuration; reached through its admin API.
 */
final class NodeProcess implements AutoCloseable {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final Path configFile;
    private final Path logDir;
    private final String admin;
    private final int ebmsPort;
    private final List<String> jvmOptions;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Class<?> mainClass = Main.class;
    private ChildJvm jvm;
    private int runs;
    private int kills;

    private NodeProcess(
            String name, Path configFile, Path logDir, String admin, int ebmsPort, List<String> jvmOptions) {
        this.name = name;
        this.configFile = configFile;
        this.logDir = logDir;
        this.admin = admin;
        this.ebmsPort = ebmsPort;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Writes the node's configuration into {@code nodeDir/gateway.yml} (relative paths in it resolve against
     * {@code nodeDir}), with a fresh admin port; the ebMS port is taken from {@code config}.
     */
    static NodeProcess configure(String name, GatewayConfig config, Path nodeDir, String... jvmOptions)
            throws IOException {
        int adminPort = FreePort.find();
        GatewayConfig withAdmin = new GatewayConfig(
                config.node(),
                config.ebms(),
                GatewayConfig.Admin.withoutAuthentication("127.0.0.1", adminPort),
                config.tls(),
                config.database(),
                config.delivery(),
                config.limits(),
                config.cpa());
        withAdmin = withAdmin.withGb(config.gb()).withSecurity(config.security());
        Path file = nodeDir.resolve("gateway.yml");
        Files.createDirectories(nodeDir);
        Files.writeString(file, YAML.writeValueAsString(withAdmin));
        return new NodeProcess(
                name,
                file,
                nodeDir.resolve("logs"),
                "http://127.0.0.1:" + adminPort,
                config.ebms().port(),
                List.of(jvmOptions));
    }

    /** Runs the node with another main class than {@code dkgw}'s, one that takes the same arguments. */
    NodeProcess mainClass(Class<?> main) {
        this.mainClass = main;
        return this;
    }

    String name() {
        return name;
    }

    int ebmsPort() {
        return ebmsPort;
    }

    String admin() {
        return admin;
    }

    /** The node's configuration file, which a test may change before {@link #start()}. */
    Path configFile() {
        return configFile;
    }

    int kills() {
        return kills;
    }

    ChildJvm jvm() {
        return jvm;
    }

    /** Starts the node and waits until its admin API reports it ready. */
    NodeProcess start() {
        runs++;
        List<String> options =
                new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        options.addAll(jvmOptions);
        jvm = ChildJvm.builder(mainClass)
                .args("serve", "--config", configFile.toString())
                .jvmOptions(options.toArray(String[]::new))
                .logFile(logDir.resolve(name + "-run" + runs + ".log"))
                .start();
        try {
            await(name + " ready")
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!jvm.isAlive()) {
                            throw new AssertionError(name + " exited while starting:\n" + jvm.output());
                        }
                        return get("/health/ready").statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not become ready; its output:\n" + jvm.output(), e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hooks, no flushing; whatever the node had not committed is gone. */
    void kill() {
        kills++;
        jvm.kill();
    }

    boolean isRunning() {
        return jvm != null && jvm.isAlive();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(admin + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(admin + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sender-side status of an outbound message (PENDING, ACKNOWLEDGED, FAILED...), or null if unknown. */
    String status(String messageId) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/messages/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        JsonNode json = JSON.readTree(r.body());
        return json.path("message").path("status").asText();
    }

    /** The MessageIds of the business messages this node received (its store, as the application sees them). */
    List<String> receivedMessageIds(String cpaId) throws IOException, InterruptedException {
        HttpResponse<String> r =
                get("/api/received?limit=1000000&cpaId=" + URLEncoder.encode(cpaId, StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : JSON.readTree(r.body())) {
            ids.add(m.path("messageId").asText());
        }
        return ids;
    }

    String output() {
        return jvm == null ? "(not started)" : jvm.output();
    }

    @Override
    public void close() {
        if (jvm != null && jvm.isAlive()) {
            try {
                jvm.stop();
            } catch (RuntimeException e) {
                // it was killed instead
            }
        }
    }
}
