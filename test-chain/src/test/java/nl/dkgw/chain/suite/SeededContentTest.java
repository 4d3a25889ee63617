package nl.dkgw.chain.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The GB test's file: exactly its size and the same bytes however it is read (its constant memory with 1 GiB is
 * bench/chain-gb.sh's run at -Xmx256m, docs/performance.md).
 */
class SeededContentTest {

    @Test
    void itHasExactlyItsSizeAndTheSameBytesWhateverTheReads() throws Exception {
        long size = 3L * 64 * 1024 + 7;
        byte[] whole = new SeededContent(size).readAllBytes();
        assertThat(whole).hasSize((int) size);
        assertThat(readInPiecesOf(new SeededContent(size), 1000, size)).isEqualTo(whole);
        assertThat(readInPiecesOf(new SeededContent(size), 1, size)).isEqualTo(whole);
        assertThat(new SeededContent(size / 2).readAllBytes())
                .as("a smaller file is the start of a larger one")
                .isEqualTo(Arrays.copyOf(whole, (int) (size / 2)));
    }

    private static byte[] readInPiecesOf(InputStream in, int piece, long size) throws IOException {
        byte[] out = new byte[(int) size];
        int at = 0;
        byte[] buffer = new byte[piece];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            System.arraycopy(buffer, 0, out, at, n);
            at += n;
        }
        assertThat(at).isEqualTo((int) size);
        return out;
    }
}
