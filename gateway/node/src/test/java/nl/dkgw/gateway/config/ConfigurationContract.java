package nl.dkgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import nl.dkgw.gateway.config.ConfigurationDoc.Documented;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract between docs/configuration.md and a configuration section, checked the same way for every section that
 * has one: every key the page documents is a key of the section's records and the other way round; left out, a key
 * takes its documented default (a required one is refused, naming it); given, its value is used; an invalid value is
 * refused with an error naming the key; and a scalar key can be set from its {@code DKGW_...} variable.
 *
 * <p>A subclass says which keys it covers, how to load the section from a {@link YamlKeys} file and the environment,
 * and registers one {@link KeyCase} per documented key with {@link #key}.
 *
 * @param <C> the section's configuration record
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConfigurationContract<C> {

    /** What a key reads when left out and it has no value then. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent (null)";
        }
    };

    /** The left-out value of a key the page says is required: leaving it out is refused, naming it. */
    public static final Object REQUIRED = new Object() {
        @Override
        public String toString() {
            return "required";
        }
    };

    /**
     * One documented key: how to read it, a valid value (YAML) and what it then reads, an invalid value (YAML), and
     * what it reads when left out if that is not the literal of the page's default column (null: the literal).
     */
    public record KeyCase<C>(
            String name, Function<C, Object> read, String given, Object expected, String invalid, Object leftOut) {}

    private final Map<String, KeyCase<C>> cases = new LinkedHashMap<>();

    @TempDir
    protected Path dir;

    protected final void key(
            String name, Function<C, Object> read, String given, Object expected, String invalid, Object leftOut) {
        cases.put(name, new KeyCase<>(name, read, given, expected, invalid, leftOut));
    }

    /** The cases registered so far, by key. */
    protected final Map<String, KeyCase<C>> cases() {
        return cases;
    }

    protected static Object orAbsent(Object value) {
        return value == null ? ABSENT : value;
    }

    /** The page's rows this contract covers. */
    protected abstract List<Documented> documentedKeys() throws IOException;

    /** The keys the section's records have, in the page's spelling. */
    protected abstract Set<String> recordKeys();

    /** The smallest valid file of the section, which each case changes one key of. */
    protected abstract YamlKeys base();

    /** Loads the section from {@code file} with the environment {@code env}. */
    protected abstract C load(Path file, Map<String, String> env) throws Exception;

    /** Whether the key can be set from the environment. */
    protected abstract boolean settableFromEnvironment(Documented doc);

    /** The file with {@code key} (as documented) set to {@code yamlValue}. */
    protected YamlKeys with(String key, String yamlValue) {
        return base().with(key, yamlValue);
    }

    /** The file without a required {@code key}. */
    protected YamlKeys without(String key) {
        return base().without(key);
    }

    /** That {@code failure} names {@code key}, as documented. */
    protected void assertNamesKey(Throwable failure, String key) {
        assertThat(failure.getMessage()).as("%s is named", key).contains(key);
    }

    /** That leaving out the required {@code key} was refused for the right reason. */
    protected void assertRequiredRefused(Throwable failure, String key) {
        assertNamesKey(failure, key);
    }

    private C load(YamlKeys yaml) throws Exception {
        return load(yaml.write(dir), Map.of());
    }

    Stream<Documented> documented() throws IOException {
        return documentedKeys().stream();
    }

    Stream<Documented> environmentKeys() throws IOException {
        return documentedKeys().stream().filter(this::settableFromEnvironment);
    }

    @Test
    void everyDocumentedKeyIsARecordKeyAndEveryRecordKeyIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        documentedKeys().forEach(d -> documented.add(d.key()));
        assertThat(documented).as("keys in docs/configuration.md").containsExactlyInAnyOrderElementsOf(recordKeys());
        assertThat(cases.keySet()).as("keys this test has a case for").containsExactlyInAnyOrderElementsOf(documented);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void leftOutTheKeyTakesItsDocumentedDefault(Documented doc) throws Exception {
        KeyCase<C> key = caseOf(doc);
        if (key.leftOut() == REQUIRED) {
            assertThat(doc.defaultColumn())
                    .as("the page says %s is required", key.name())
                    .startsWith("required");
            assertThatThrownBy(() -> load(without(key.name())))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertRequiredRefused(e, key.name()));
            return;
        }
        Object actual = key.read().apply(load(base()));
        if (key.leftOut() != null) {
            assertThat(actual)
                    .as("%s left out (documented: %s)", key.name(), doc.defaultColumn())
                    .isEqualTo(key.leftOut());
        } else {
            String literal = doc.literalDefault()
                    .orElseThrow(() -> new AssertionError("the default of " + key.name() + " is not a literal"));
            assertThat(actual)
                    .as("%s left out, against the documented %s", key.name(), literal)
                    .isEqualTo(key.read().apply(load(with(key.name(), literal))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void aGivenValueIsUsed(Documented doc) throws Exception {
        KeyCase<C> key = caseOf(doc);
        assertThat(key.read().apply(load(with(key.name(), key.given()))))
                .as(key.name())
                .isEqualTo(key.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void anInvalidValueIsRefusedNamingTheKey(Documented doc) throws Exception {
        KeyCase<C> key = caseOf(doc);
        assertThatThrownBy(() -> load(with(key.name(), key.invalid())))
                .as("%s: %s", key.name(), key.invalid())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertNamesKey(e, key.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environmentKeys")
    void aScalarKeyCanBeSetFromTheEnvironment(Documented doc) throws Exception {
        KeyCase<C> key = caseOf(doc);
        String env = GatewayConfigLoader.ENV_PREFIX + "_"
                + key.name().toUpperCase().replace('.', '_').replace('-', '_');
        C config = load(base().write(dir), Map.of(env, key.given()));
        assertThat(key.read().apply(config)).as("%s from %s", key.name(), env).isEqualTo(key.expected());
    }

    private KeyCase<C> caseOf(Documented doc) {
        KeyCase<C> key = cases.get(doc.key());
        assertThat(key).as("a case for the documented key %s", doc.key()).isNotNull();
        return key;
    }
}
