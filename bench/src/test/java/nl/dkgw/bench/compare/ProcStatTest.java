package nl.dkgw.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** CPU ticks from a /proc/<pid>/stat line. */
class ProcStatTest {

    @Test
    void userPlusSystemTicks() {
        String line = "4242 (java) S 1 4242 4242 0 -1 4194560 90210 0 12 0 1234 567 0 0 20 0 61 0 8731 "
                + "3858255872 123456 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStat.cpuTicks(line)).isEqualTo(1234 + 567);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String line = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 0 0";
        assertThat(ProcStat.cpuTicks(line)).isEqualTo(30);
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.cpuTicks("no such thing")).isInstanceOf(IllegalArgumentException.class);
    }
}
