package nl.dkgw.gateway.ebms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** Every way of reading through a {@link CountingInputStream} is counted once, and a subclass sees each count. */
class CountingInputStreamTest {

    @Test
    void countsSingleBytesArraysSkipsAndTheEnd() throws IOException {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[100]));

        in.read();
        in.read(new byte[10]);
        in.read(new byte[20], 5, 7);
        in.skip(30);
        in.readNBytes(2);
        in.transferTo(OutputStream.nullOutputStream());

        assertThat(in.count()).isEqualTo(100);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[4])).isEqualTo(-1);
        assertThat(in.count()).as("the end is not a byte").isEqualTo(100);
    }

    @Test
    void neverReadsTheSameBytesTwice() {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[8]));

        assertThat(in.markSupported()).isFalse();
        in.mark(8);
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
    }

    @Test
    void aSubclassCanEndTheStreamOnACount() throws IOException {
        CountingInputStream limited = new CountingInputStream(new ByteArrayInputStream(new byte[50])) {
            @Override
            protected void counted(long count) throws IOException {
                if (count > 20) {
                    throw new IOException("past 20");
                }
            }
        };

        assertThat(limited.readNBytes(20)).hasSize(20);
        assertThatThrownBy(limited::read).hasMessage("past 20");
        assertThat(limited.count()).isEqualTo(21);
    }
}
