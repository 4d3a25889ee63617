package nl.dkgw.gateway.gb.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Range header as RFC 7233 reads it, for a file of 100 bytes. */
class RangeSelectionTest {

    private static RangeSelection of(String header) {
        return RangeSelection.of(header, 100);
    }

    @Test
    void noHeaderOrAnotherUnitOrNonsenseMeansTheWholeFile() {
        for (String header : new String[] {
            null, "", "items=1-2", "bytes=", "bytes=abc", "bytes=5-2", "bytes=1-2,4-5", "bytes=-", "bytes=1-x"
        }) {
            assertThat(of(header).kind()).as(String.valueOf(header)).isEqualTo(RangeSelection.Kind.WHOLE);
        }
    }

    @Test
    void closedOpenAndSuffixRanges() {
        assertThat(of("bytes=0-0").range()).isEqualTo(new ByteRange(0, 0));
        assertThat(of("bytes=10-19").range()).isEqualTo(new ByteRange(10, 19));
        assertThat(of("bytes=90-500").range()).isEqualTo(new ByteRange(90, 99));
        assertThat(of("bytes=42-").range()).isEqualTo(new ByteRange(42, 99));
        assertThat(of("bytes=-10").range()).isEqualTo(new ByteRange(90, 99));
        assertThat(of("bytes=-1000").range()).isEqualTo(new ByteRange(0, 99));
        assertThat(of("Bytes=3-4").range()).isEqualTo(new ByteRange(3, 4));
        assertThat(of("bytes=10-19").range().contentRange(100)).isEqualTo("bytes 10-19/100");
    }

    @Test
    void rangesOutsideTheFileCannotBeSatisfied() {
        assertThat(of("bytes=100-").kind()).isEqualTo(RangeSelection.Kind.UNSATISFIABLE);
        assertThat(of("bytes=100-200").kind()).isEqualTo(RangeSelection.Kind.UNSATISFIABLE);
        assertThat(of("bytes=-0").kind()).isEqualTo(RangeSelection.Kind.UNSATISFIABLE);
        assertThat(of("bytes=99999999999999999999999-").kind()).isEqualTo(RangeSelection.Kind.UNSATISFIABLE);
        assertThat(RangeSelection.of("bytes=-5", 0).kind()).isEqualTo(RangeSelection.Kind.UNSATISFIABLE);
        assertThat(RangeSelection.of("bytes=0-", 0).kind()).isEqualTo(RangeSelection.Kind.UNSATISFIABLE);
    }
}
