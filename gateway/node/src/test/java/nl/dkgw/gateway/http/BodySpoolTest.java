package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At start the spool directory is emptied of the temporary files a previous run of the node left there (request
 * bodies, encrypted and decrypted parts, raw admin submissions), and of nothing else.
 */
class BodySpoolTest {

    @TempDir
    Path dir;

    @Test
    void preparingDeletesTheNodesLeftOverTemporaryFilesAndKeepsOthers() throws Exception {
        Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        for (String left :
                List.of("dkgw-body-1.mime", "dkgw-encrypted-2.part", "dkgw-decrypted-3.part", "dkgw-payload-4.part")) {
            Files.writeString(spool.resolve(left), "left by a killed node");
        }
        Files.writeString(spool.resolve("operator-notes.txt"), "not the node's");
        Files.writeString(spool.resolve("dkgw-body-5.part"), "not a name the node gives a body");

        new BodySpool(spool, 1024).prepare();

        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("operator-notes.txt", "dkgw-body-5.part");
        }
    }

    @Test
    void preparingCreatesAMissingDirectory() throws Exception {
        Path spool = dir.resolve("not/yet/there");

        new BodySpool(spool, 1024).prepare();

        assertThat(spool).isEmptyDirectory();
    }
}
