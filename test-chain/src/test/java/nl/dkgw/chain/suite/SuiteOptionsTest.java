package nl.dkgw.chain.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The GB test's transfer timeout grows with the file; sizes and timeouts out of range are refused. */
class SuiteOptionsTest {

    @Test
    void theTransferTimeoutIsTheMessageTimeoutPlusTheFileAtTheSlowestRate() {
        SuiteOptions options = SuiteOptions.defaults().withMessageTimeout(Duration.ofSeconds(60));
        assertThat(options.withGbFileBytes(1).transferTimeout()).isEqualTo(Duration.ofSeconds(61));
        assertThat(options.withGbFileBytes(1024L * 1024 * 1024).transferTimeout())
                .as("1 GiB at 1 MiB/s")
                .isEqualTo(Duration.ofSeconds(60 + 1024));
        assertThat(options.withGbFileBytes(1024L * 1024 + 7).transferTimeout()).isEqualTo(Duration.ofSeconds(62));
    }

    @Test
    void theDefaultFileIsAFewMegabytes() {
        assertThat(SuiteOptions.defaults().gbFileBytes()).isEqualTo(SuiteOptions.DEFAULT_GB_FILE_BYTES);
    }

    @Test
    void aFileOfNothingOrAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> SuiteOptions.defaults().withGbFileBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuiteOptions.defaults().withGbFileBytes(SuiteOptions.MAX_GB_FILE_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SuiteOptions.defaults()
                        .withGbFileBytes(SuiteOptions.MAX_GB_FILE_BYTES)
                        .gbFileBytes())
                .isEqualTo(SuiteOptions.MAX_GB_FILE_BYTES);
    }

    @Test
    void aMessageTimeoutOfNothingOrAboveAnHourIsRefused() {
        assertThatThrownBy(() -> SuiteOptions.defaults().withMessageTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuiteOptions.defaults().withMessageTimeout(Duration.ofSeconds(3601)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
