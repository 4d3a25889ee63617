package nl.dkgw.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code dkgw send --file}'s progress: a bar redrawn in place on a terminal, a plain line per tenth otherwise. */
class UploadProgressTest {

    @Test
    void onATerminalABarIsRedrawnInPlaceAndItsLineEndedAtTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UploadProgress progress = new UploadProgress(new PrintStream(out, true, StandardCharsets.UTF_8), true, 2048);
        read(progress, 2048, 100);
        progress.finish();
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).startsWith("\r[").endsWith("\n");
        assertThat(shown.chars().filter(c -> c == '\n')).hasSize(1);
        assertThat(shown).contains("] 100% 0.0 MiB / 0.0 MiB").contains("#".repeat(30));
        // redrawn once per percent at most, not once per read
        assertThat(shown.split("\r")).hasSizeLessThanOrEqualTo(102);
    }

    @Test
    void withoutATerminalEveryTenthIsOnePlainLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UploadProgress progress = new UploadProgress(new PrintStream(out, true, StandardCharsets.UTF_8), false, 1000);
        read(progress, 1000, 7);
        progress.finish();
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).doesNotContain("\r");
        assertThat(shown.lines())
                .containsExactly(
                        "uploaded 0% (7 of 1000 bytes)",
                        "uploaded 10% (105 of 1000 bytes)",
                        "uploaded 20% (203 of 1000 bytes)",
                        "uploaded 30% (301 of 1000 bytes)",
                        "uploaded 40% (406 of 1000 bytes)",
                        "uploaded 50% (504 of 1000 bytes)",
                        "uploaded 60% (602 of 1000 bytes)",
                        "uploaded 70% (700 of 1000 bytes)",
                        "uploaded 80% (805 of 1000 bytes)",
                        "uploaded 90% (903 of 1000 bytes)",
                        "uploaded 100% (1000 of 1000 bytes)");
    }

    private static void read(UploadProgress progress, int size, int chunk) throws Exception {
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[size]))) {
            byte[] buffer = new byte[chunk];
            while (in.read(buffer) >= 0) {
                // counted on the way
            }
        }
    }
}
