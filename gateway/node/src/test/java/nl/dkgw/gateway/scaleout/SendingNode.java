package nl.dkgw.gateway.scaleout;

import static org.awaitility.Awaitility.await;

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
import org.awaitility.core.ConditionTimeoutException;

/** One node of the sending party's cluster, run as {@code dkgw serve} in its own JVM so it can be SIGKILLed. */
final class SendingNode implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    private final String id;
    private final Path configFile;
    private final Path logFile;
    private final String admin;
    private final List<String> jvmOptions;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ChildJvm jvm;

    private SendingNode(String id, Path configFile, Path logFile, String admin, List<String> jvmOptions) {
        this.id = id;
        this.jvmOptions = jvmOptions;
        this.configFile = configFile;
        this.logFile = logFile;
        this.admin = admin;
    }

    /** Writes {@code config} to {@code dir/gateway.yml}; the node's admin API is at {@code config.admin()}. */
    static SendingNode configure(GatewayConfig config, Path dir) throws IOException {
        return configure(config, dir, null);
    }

    /**
     * As {@link #configure(GatewayConfig, Path)}, and when {@code localhostAddress} is given the node's JVM resolves
     * {@code localhost} (the peers' host name in the test CPAs) to that loopback address.
     */
    static SendingNode configure(GatewayConfig config, Path dir, String localhostAddress) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, YAML.writeValueAsString(config));
        List<String> options =
                new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        if (localhostAddress != null) {
            Path hosts = dir.resolve("hosts");
            Files.writeString(hosts, localhostAddress + " localhost\n");
            options.add("-Djdk.net.hosts.file=" + hosts);
        }
        return new SendingNode(
                config.node().id(),
                file,
                dir.resolve("logs").resolve(config.node().id() + ".log"),
                config.admin().baseUrl(),
                options);
    }

    String id() {
        return id;
    }

    /** Starts the JVM; {@link #awaitReady()} waits for it. */
    SendingNode start() {
        jvm = ChildJvm.builder(Main.class)
                .args("serve", "--config", configFile.toString())
                .jvmOptions(jvmOptions.toArray(String[]::new))
                .logFile(logFile)
                .start();
        return this;
    }

    void awaitReady() {
        try {
            await(id + " ready")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!jvm.isAlive()) {
                            throw new AssertionError(id + " exited while starting:\n" + jvm.output());
                        }
                        return get("/health/ready").statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(id + " did not become ready; its output:\n" + jvm.output(), e);
        }
    }

    /** SIGKILL: no shutdown hook runs, the node's leases stay in the database until they run out. */
    void kill() {
        jvm.kill();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(admin + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(admin + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(admin + path))
                        .timeout(Duration.ofSeconds(20))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String log() {
        return logFile.toString();
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
