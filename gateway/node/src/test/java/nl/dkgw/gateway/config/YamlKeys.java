package nl.dkgw.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A gateway.yml written from dotted keys and YAML values ({@code ebms.port} = {@code 9443}), for tests that change one
 * key at a time. Keys sharing a prefix share their parent mappings.
 */
public record YamlKeys(Map<String, String> values) {

    public static YamlKeys none() {
        return new YamlKeys(Map.of());
    }

    public static YamlKeys of(Map<String, String> values) {
        return new YamlKeys(new LinkedHashMap<>(values));
    }

    public YamlKeys with(String key, String yamlValue) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, yamlValue);
        return new YamlKeys(copy);
    }

    public YamlKeys without(String key) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.remove(key);
        return new YamlKeys(copy);
    }

    /** Without every key that contains {@code part}. */
    public YamlKeys withoutAny(String part) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.keySet().removeIf(k -> k.contains(part));
        return new YamlKeys(copy);
    }

    /** Writes the file into {@code dir} under a fresh name. */
    public Path write(Path dir) throws IOException {
        StringBuilder yaml = new StringBuilder();
        String[] previous = new String[0];
        for (String key : values.keySet().stream().sorted().toList()) {
            String[] parts = key.split("\\.");
            int same = 0;
            while (same < Math.min(previous.length, parts.length - 1) && previous[same].equals(parts[same])) {
                same++;
            }
            for (int i = same; i < parts.length; i++) {
                yaml.append("  ".repeat(i)).append(parts[i]).append(':');
                yaml.append(i == parts.length - 1 ? " " + values.get(key) : "").append('\n');
            }
            previous = parts;
        }
        Path file = Files.createTempFile(dir, "gateway", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
