package nl.dkgw.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
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
import java.util.Set;

/**
 * Reads gateway.yml, applies DKGW_* environment overrides, and refuses unknown keys with a readable message. A
 * top-level section another module owns ({@link ConfigSection}) is left out of {@link GatewayConfig}; its owner reads
 * it with {@link #loadSection}, by the same rules.
 */
public final class GatewayConfigLoader {

    public static final String ENV_PREFIX = "DKGW";

    private final Set<String> sectionsOfOthers;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A loader that leaves alone the sections claimed by the modules on the class path. */
    public GatewayConfigLoader() {
        this(ConfigSection.claimedOnClassPath());
    }

    /** A loader that leaves the named top-level sections to the modules that own them. */
    public GatewayConfigLoader(Set<String> sectionsOfOthers) {
        this.sectionsOfOthers = Set.copyOf(sectionsOfOthers);
    }

    public GatewayConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    public GatewayConfig load(Path file, Map<String, String> env) throws ConfigException {
        ObjectNode root = read(file);
        sectionsOfOthers.forEach(root::remove);
        applyEnvironment(root, GatewayConfig.class, ENV_PREFIX, env);
        try {
            return yaml.treeToValue(root, GatewayConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage() + locationOf("", e));
        }
    }

    /**
     * Reads one top-level section of the file into {@code type}, a record, as {@link #load} reads the gateway's own:
     * keys in kebab case, {@code DKGW_<SECTION>_<KEY>} overrides, unknown keys refused with the key named. Null when
     * neither the file nor the environment sets anything in the section.
     */
    public <T> T loadSection(Path file, String section, Class<T> type, Map<String, String> env) throws ConfigException {
        JsonNode given = read(file).get(section);
        ObjectNode node = given instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        applyEnvironment(
                node, type, ENV_PREFIX + "_" + section.toUpperCase(Locale.ROOT).replace('-', '_'), env);
        if (node.isEmpty() && (given == null || given.isNull())) {
            return null;
        }
        try {
            return yaml.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage() + locationOf(section, e));
        }
    }

    private ObjectNode read(Path file) throws ConfigException {
        JsonNode tree;
        try {
            tree = Files.exists(file) ? yaml.readTree(file.toFile()) : null;
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        return tree instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }

    private static String locationOf(String section, JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder key = new StringBuilder(section);
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
