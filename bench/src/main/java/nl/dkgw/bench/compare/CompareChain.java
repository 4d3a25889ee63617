package nl.dkgw.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;

/**
 * Prepares the two nodes of one side of a comparison ({@code bench/compare.sh}) with that side's own gateway: run
 * with the side's {@code dkgw.jar} on the class path (compiled against it too), so the configuration files it writes
 * are the ones that revision reads. {@link LocalChain} generates the test PKI and a CPA of the given profile (retries
 * 60 s apart, so nothing is resent during a round) and imports it on both nodes; the nodes are stopped again and each
 * gets a {@code gateway.yml} with its ebMS port (the CPA's), an admin port of its own without authentication on
 * loopback, and that revision's own defaults of delivery workers and connections (not the test chain's: old against
 * new compares what each revision does out of the box; an overlay such as {@code delivery: {workers: 16}} fixes them
 * for both), then the overlay files in order: YAML trees merged into both nodes' configuration, where {@code ${node}}
 * in a value stands for the node's name (a {@code database.url} among them is used from the start: the CPA is
 * imported into that database). Writes {@code chain.properties}: the CPA, service, action and each node's
 * configuration file and admin URL.
 *
 * <p>Arguments: {@code <dir> <profile> [overlay.yml ...]}.
 */
public final class CompareChain {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    private CompareChain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        Profile profile = List.of(Profile.values()).stream()
                .filter(p -> p.code().equals(args[1]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown profile " + args[1]));
        List<JsonNode> overlays = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            overlays.add(YAML.readTree(Path.of(args[i]).toFile()));
        }
        Files.createDirectories(dir);
        Properties out = new Properties();
        Duration retry = Duration.ofSeconds(60);
        Map<String, String> jdbcUrls = new HashMap<>();
        for (String name : List.of(LocalChain.CONSUMER.name(), LocalChain.PROVIDER.name())) {
            String url = databaseUrl(overlays, name);
            if (url != null) {
                jdbcUrls.put(name, url);
            }
        }
        try (LocalChain chain = LocalChain.start(dir, jdbcUrls, retry, List.of(), SyncReplyMode.NONE)) {
            String cpaId = chain.importEverywhere(
                    chain.generateCpa(profile, retry, SyncReplyMode.NONE, LocalChain.demoActions()));
            out.setProperty("cpa-id", cpaId);
            out.setProperty("service", LocalChain.serviceName(profile));
            out.setProperty("action", LocalChain.TO_PROVIDER);
            writeNode(chain, LocalChain.CONSUMER.name(), "sender", overlays, out);
            writeNode(chain, LocalChain.PROVIDER.name(), "receiver", overlays, out);
        }
        try (var w = Files.newBufferedWriter(dir.resolve("chain.properties"))) {
            out.store(w, "written by CompareChain");
        }
        System.exit(0);
    }

    private static void writeNode(LocalChain chain, String name, String role, List<JsonNode> overlays, Properties out)
            throws IOException {
        ObjectNode config = YAML.valueToTree(chain.config(name));
        ((ObjectNode) config.get("ebms")).put("port", chain.node(name).ebmsPort());
        int adminPort = freePort();
        ObjectNode admin = (ObjectNode) config.get("admin");
        admin.put("host", "127.0.0.1");
        admin.put("port", adminPort);
        // LocalChain's nodes are sized for tests (4 workers, 8 connections); without the keys the node takes the
        // defaults of its own revision
        ((ObjectNode) config.get("database")).remove("pool-size");
        ((ObjectNode) config.get("delivery")).remove("workers");
        for (JsonNode overlay : overlays) {
            merge(config, overlay, name);
        }
        Path file = chain.dir().resolve(name).resolve("gateway.yml");
        Files.writeString(file, YAML.writeValueAsString(config));
        out.setProperty(role + ".name", name);
        out.setProperty(role + ".config", file.toString());
        out.setProperty(role + ".admin", "http://127.0.0.1:" + adminPort);
    }

    /**
     * The {@code database.url} the overlays give the node (the last one that sets it), or null for the default H2
     * file: the chain's nodes import the CPA into the store the node will run on, so they must use that database.
     * {@link LocalChain} gives its nodes only a URL, so a PostgreSQL URL gets the overlays' {@code database.user} and
     * {@code password} as parameters (the driver prefers them to the default user {@code sa}).
     */
    static String databaseUrl(List<JsonNode> overlays, String node) {
        ObjectNode merged = YAML.createObjectNode();
        for (JsonNode overlay : overlays) {
            merge(merged, overlay, node);
        }
        JsonNode database = merged.path("database");
        String url = database.path("url").asText("");
        if (url.isBlank()) {
            return null;
        }
        if (url.startsWith("jdbc:postgresql:") && !url.contains("user=")) {
            StringBuilder withUser = new StringBuilder(url);
            for (String key : List.of("user", "password")) {
                String value = database.path(key).asText("");
                if (!value.isEmpty()) {
                    withUser.append(withUser.indexOf("?") < 0 ? '?' : '&')
                            .append(key)
                            .append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
            return withUser.toString();
        }
        return url;
    }

    /** Sets every leaf of {@code overlay} in {@code target}, objects merged key by key. */
    static void merge(ObjectNode target, JsonNode overlay, String node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isObject() && existing instanceof ObjectNode child) {
                merge(child, value, node);
            } else if (value.isObject()) { // a section the target lacks: its values get the node's name too
                merge(target.putObject(field.getKey()), value, node);
            } else if (value.isTextual()) {
                target.set(field.getKey(), new TextNode(value.asText().replace("${node}", node)));
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
