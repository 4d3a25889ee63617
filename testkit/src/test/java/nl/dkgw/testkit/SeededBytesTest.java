package nl.dkgw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same seed gives the same bytes however they are read; another seed others. */
class SeededBytesTest {

    @TempDir
    Path dir;

    @Test
    void theBytesDoNotDependOnHowTheyAreRead() throws IOException {
        SeededBytes bytes = new SeededBytes(100_003, 42);
        byte[] whole;
        try (InputStream in = bytes.open()) {
            whole = in.readAllBytes();
        }
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        try (InputStream in = bytes.open()) {
            int step = 1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                pieces.write(b);
                byte[] chunk = new byte[step];
                int n = in.read(chunk, 0, step);
                if (n > 0) {
                    pieces.write(chunk, 0, n);
                }
                step = step % 19 + 1;
            }
        }

        assertThat(whole).hasSize(100_003);
        assertThat(pieces.toByteArray()).isEqualTo(whole);
        assertThat(SeededBytes.sha256(bytes.open())).isEqualTo(bytes.sha256());
    }

    @Test
    void writingToAFileGivesTheSameBytesAndTheirDigest() throws IOException {
        SeededBytes bytes = new SeededBytes(3 * 1024 * 1024 + 5, 7);
        Path file = dir.resolve("seeded.bin");

        String digest = bytes.writeTo(file);

        assertThat(Files.size(file)).isEqualTo(bytes.size());
        assertThat(digest).isEqualTo(bytes.sha256()).isEqualTo(SeededBytes.sha256(Files.newInputStream(file)));
    }

    @Test
    void anotherSeedGivesOtherBytes() throws IOException {
        assertThat(new SeededBytes(64, 1).sha256()).isNotEqualTo(new SeededBytes(64, 2).sha256());
        assertThat(new SeededBytes(0, 1).open().read()).isEqualTo(-1);
    }
}
