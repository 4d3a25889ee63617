package nl.dkgw.chain.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import nl.dkgw.gateway.chaintest.ChainTestRunner.Request;
import org.junit.jupiter.api.Test;

/** What a {@code POST /api/chain-test} body's fields become in the suite's options, within the API's limits. */
class SuiteChainTestRunnerTest {

    @Test
    void unsetFieldsAreTheSuitesDefaults() {
        SuiteOptions options = SuiteChainTestRunner.options(new Request("cpa", null, null));
        assertThat(options).isEqualTo(SuiteOptions.defaults());
    }

    @Test
    void theFileSizeTimeoutFailFastAndControlReachTheSuite() {
        SuiteOptions options = SuiteChainTestRunner.options(
                new Request("cpa", null, "http://127.0.0.1:9/simulators/echo", 1024L * 1024 + 7, 45L, true));
        assertThat(options.gbFileBytes()).isEqualTo(1024L * 1024 + 7);
        assertThat(options.messageTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(options.failFast()).isTrue();
        assertThat(options.counterpartControl()).isEqualTo(URI.create("http://127.0.0.1:9/simulators/echo"));
    }

    @Test
    void valuesOutOfTheLimitsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> SuiteChainTestRunner.options(new Request("cpa", null, null, 0L, null, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'gbFileBytes' must be between 1 and");
        assertThatThrownBy(() -> SuiteChainTestRunner.options(
                        new Request("cpa", null, null, SuiteOptions.MAX_GB_FILE_BYTES + 1, null, false)))
                .hasMessageStartingWith("'gbFileBytes' must be between 1 and");
        assertThatThrownBy(() -> SuiteChainTestRunner.options(new Request("cpa", null, null, null, 0L, false)))
                .hasMessageStartingWith("'timeoutSeconds' must be between 1 and 3600");
        assertThatThrownBy(() -> SuiteChainTestRunner.options(new Request("cpa", null, null, null, 3601L, false)))
                .hasMessageStartingWith("'timeoutSeconds' must be between 1 and 3600");
    }
}
