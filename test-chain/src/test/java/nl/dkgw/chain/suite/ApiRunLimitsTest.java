package nl.dkgw.chain.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits of an admin-API chain test: reports under {@code <base>/chain-test/}, control URLs on loopback. */
class ApiRunLimitsTest {

    private final Path base = Path.of("/srv/dkgw").toAbsolutePath();

    @Test
    void aRelativeNameLandsUnderTheChainTestDirectory() {
        assertThat(ApiRunLimits.reportDir(base, Path.of("run-1"))).isEqualTo(base.resolve("chain-test/run-1"));
        assertThat(ApiRunLimits.reportDir(base, Path.of("a/./b/../c"))).isEqualTo(base.resolve("chain-test/a/c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", ".", "a/.."})
    void aNameLeavingTheChainTestDirectoryIsRefused(String name) {
        assertThatThrownBy(() -> ApiRunLimits.reportDir(base, Path.of(name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must stay under");
    }

    @Test
    void anAbsolutePathIsRefused() {
        assertThatThrownBy(() -> ApiRunLimits.reportDir(base, base.resolve("chain-test/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relative name");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:4321/simulators/echo",
                "https://localhost:1/x",
                "http://[::1]:80/",
                "http://127.1.2.3/"
            })
    void loopbackControlUrlsAreTaken(String url) {
        assertThat(ApiRunLimits.control(url)).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.0.0.1/",
                "http://example.org/",
                "file:///etc/passwd",
                "ftp://127.0.0.1/",
                "http://127.0.0.1.example.org/",
                "http://[2001:db8::1]/",
                "not a url",
                "http:///nohost",
                "http://localhost@evil.example/"
            })
    void otherControlUrlsAreRefused(String url) {
        assertThatThrownBy(() -> ApiRunLimits.control(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'counterpartControl'");
    }
}
