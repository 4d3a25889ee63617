package nl.dkgw.gateway.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key tables of docs/configuration.md, as the configuration contract tests read them: the gateway's
 * ({@code ConfigurationContractTest}) and the routes module's for the {@code flows} section. A row names one key, or
 * several separated by commas, and its default column; the rows of the table "A key source has these keys" name
 * sub-keys without a section, read under a key source the caller names.
 */
public final class ConfigurationDoc {

    /** The page, found from a module's directory (where Maven runs a module's tests), however deep it lies. */
    public static final Path PAGE = docsPage("configuration.md");

    private static final Pattern ROW = Pattern.compile("^\\| ((?:`[a-z0-9.<>-]+`(?:, )?)+) \\| ([^|]*) \\|");
    private static final Pattern KEY = Pattern.compile("`([a-z0-9.<>-]+)`");
    private static final Pattern LITERAL = Pattern.compile("^`([^`]+)`");

    private ConfigurationDoc() {}

    /**
     * A page of the repository's {@code docs/}, from the working directory upwards: {@code ../docs} from a top-level
     * module such as routes, {@code ../../docs} from a module of the gateway's reactor.
     */
    public static Path docsPage(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs").resolve(name);
            if (Files.isRegularFile(page)) {
                return page;
            }
        }
        throw new IllegalStateException(
                "no docs/" + name + " above " + Path.of("").toAbsolutePath());
    }

    /** A key the page documents, with its default column. */
    public record Documented(String key, String defaultColumn) {
        /** The default when the column starts with a literal ({@code `8088`}); empty for words ("none", "required"). */
        public Optional<String> literalDefault() {
            Matcher m = LITERAL.matcher(defaultColumn);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        /** The first dot-separated part: the section. */
        public String section() {
            return key.substring(0, key.indexOf('.'));
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /**
     * Every key of every key table on the page, in the page's order; the sub-keys of the key-source table under
     * {@code keySource} (e.g. {@code tls.server-key.type}).
     */
    public static List<Documented> keys(String keySource) throws IOException {
        List<Documented> keys = new ArrayList<>();
        boolean keySourceTable = false;
        for (String line : Files.readAllLines(PAGE)) {
            if (line.startsWith("A key source has these keys")) {
                keySourceTable = true;
            } else if (line.startsWith("#") || (!line.startsWith("|") && !line.isBlank())) {
                keySourceTable = false;
            }
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            Matcher key = KEY.matcher(row.group(1));
            while (key.find()) {
                String name = key.group(1);
                if (keySourceTable && !name.contains(".")) {
                    name = keySource + "." + name;
                }
                keys.add(new Documented(name, row.group(2).trim()));
            }
        }
        return keys;
    }

    /** The documented keys of one section (e.g. {@code flows}). */
    public static List<Documented> keysOf(String section) throws IOException {
        return keys("").stream().filter(d -> d.section().equals(section)).toList();
    }

    /** A record component's name as the loader reads it from YAML (kebab case). */
    public static String yamlName(String componentName) {
        return PropertyNamingStrategies.KebabCaseStrategy.INSTANCE.translate(componentName);
    }
}
