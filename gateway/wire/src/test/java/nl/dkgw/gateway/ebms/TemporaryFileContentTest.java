package nl.dkgw.gateway.ebms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A temporary part file is deleted when released, and only temporary ones are. */
class TemporaryFileContentTest {

    @TempDir
    Path dir;

    @Test
    void releaseDeletesTemporaryFilesAndLeavesOtherContentAlone() throws IOException {
        Path temporary = Files.writeString(dir.resolve("t.part"), "tijdelijk", StandardCharsets.UTF_8);
        Path kept = Files.writeString(dir.resolve("k.part"), "blijft", StandardCharsets.UTF_8);
        Payload inFile = new Payload("t@x", "text/plain", new TemporaryFileContent(temporary));
        Payload ordinaryFile = new Payload("k@x", "text/plain", PayloadContent.ofFile(kept));
        Payload inMemory = new Payload("m@x", "text/plain", "geheugen".getBytes(StandardCharsets.UTF_8));

        assertThat(inFile.size()).isEqualTo(9);
        assertThat(inFile.data()).isEqualTo("tijdelijk".getBytes(StandardCharsets.UTF_8));
        TemporaryFileContent.release(List.of(inFile, ordinaryFile, inMemory));

        assertThat(temporary).doesNotExist();
        assertThat(kept).exists();
        assertThat(inMemory.data()).isEqualTo("geheugen".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(inFile::open).isInstanceOf(IOException.class);
        TemporaryFileContent.release(List.of(inFile)); // a second release is harmless
    }

    @Test
    void aStreamOpenedBeforeTheReleaseReadsToItsEnd() throws IOException {
        Path temporary = Files.writeString(dir.resolve("t.part"), "nog te lezen", StandardCharsets.UTF_8);
        TemporaryFileContent content = new TemporaryFileContent(temporary);
        try (InputStream in = content.open()) {
            content.close();
            assertThat(temporary).doesNotExist();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("nog te lezen");
        }
    }
}
