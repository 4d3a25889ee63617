package nl.dkgw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestSeedTest {

    @Test
    void noPropertyGivesTheFixedSeedSoEveryBuildMakesTheSameChoices() {
        assertThat(TestSeed.parse(null, TestSeed.PROPERTY)).isEqualTo(TestSeed.FIXED);
        assertThat(TestSeed.parse(" ", TestSeed.PROPERTY)).isEqualTo(TestSeed.FIXED);
    }

    @Test
    void aGivenSeedIsUsedAsIs() {
        assertThat(TestSeed.parse("12345", TestSeed.PROPERTY)).isEqualTo(12345L);
        assertThat(TestSeed.parse(" -7 ", TestSeed.PROPERTY)).isEqualTo(-7L);
    }

    @Test
    void randomAsksForANewSeedEachRun() {
        long first = TestSeed.parse("random", TestSeed.PROPERTY);
        long second = TestSeed.parse("RANDOM", TestSeed.PROPERTY);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void somethingElseIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> TestSeed.parse("twelve", "dkgw.durability.seed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Ddkgw.durability.seed")
                .hasMessageContaining("'twelve'");
    }
}
