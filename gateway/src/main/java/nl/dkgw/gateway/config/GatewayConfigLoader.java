package nl.dkgw.gateway.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Reads gateway.yml, applies DKGW_* environment overrides, and refuses unknown keys with a readable message. */
public final class GatewayConfigLoader {

    public static final String ENV_PREFIX = "DKGW";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public GatewayConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    public GatewayConfig load(Path file, Map<String, String> env) throws ConfigException {
        JsonNode tree;
        try {
            tree = Files.exists(file) ? yaml.readTree(file.toFile()) : null;
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        ObjectNode root = tree instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        applyEnvironment(root, GatewayConfig.class, ENV_PREFIX, env);
        try {
            return yaml.treeToValue(root, GatewayConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage() + locationOf(e));
        }
    }

    private static String locationOf(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder key = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
                }
            }
            return " (key " + key + ")";
        }
        return "";
    }

    /** Sets each leaf key named by an environment variable, following the record structure of the config. */
    static void applyEnvironment(ObjectNode node, Class<?> type, String prefix, Map<String, String> env) {
        for (RecordComponent component : type.getRecordComponents()) {
            String key = PropertyNamingStrategies.KebabCaseStrategy.INSTANCE.translate(component.getName());
            String envName = prefix + "_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
            Class<?> componentType = component.getType();
            if (componentType.isRecord()) {
                JsonNode child = node.get(key);
                ObjectNode childObject = child instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
                applyEnvironment(childObject, componentType, envName, env);
                if (!childObject.isEmpty()) {
                    node.set(key, childObject);
                }
            } else if (env.containsKey(envName)) {
                node.put(key, env.get(envName));
            }
        }
    }
}
