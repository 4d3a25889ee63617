package nl.dkgw.chain.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The GB test's file size as written on the command line: bytes or a whole number of KiB, MiB or GiB. */
class GbFileSizeTest {

    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "1048583, 1048583",
        "512KiB, 524288",
        "4MiB, 4194304",
        "4 mib, 4194304",
        "1GiB, 1073741824",
        "1gib, 1073741824",
        "4GiB, 4294967296",
        "4194304KiB, 4294967296",
        "100B, 100"
    })
    void aSizeIsBytesOrAWholeNumberWithABinaryUnit(String text, long bytes) {
        assertThat(GbFileSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "1.5GiB", "1GB", "1 TiB", "GiB", "0x10", "99999999999999999999"})
    void garbageIsNotASize(String text) {
        assertThatThrownBy(() -> GbFileSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a size")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0GiB", "5GiB", "4097MiB", "4294967297"})
    void zeroAndMoreThanTheMaximumAreOutOfRange(String text) {
        assertThatThrownBy(() -> GbFileSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range")
                .hasMessageContaining("4GiB");
    }
}
