package nl.dkgw.gateway.gb.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.TransferFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GB017's ZIP container on the receiving side: one file comes out of an archive or out of a split archive's volumes
 * read in order; an archive that unpacks to more than announced stops there (a zip bomb does not fill the disk); no
 * file, two files or bytes that are no ZIP are a decompression error; an entry name never becomes a path.
 */
class ZipContainerTest {

    @TempDir
    Path dir;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theOneFileOfAnArchiveIsUnpackedAsItWas() throws Exception {
        byte[] content = random(300_000, 1);
        Path target = dir.resolve("out");

        Optional<TransferFailure> failure = ZipContainer.unpack(
                new ByteArrayInputStream(ZipArchives.of("registrations.xml", content)), target, content.length);

        assertThat(failure).isEmpty();
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void theVolumesOfASplitArchiveReadInOrderUnpackToTheFile() throws Exception {
        byte[] content = random(500_000, 2);
        List<byte[]> volumes = ZipArchives.split(ZipArchives.of("backlog.bin", content), 200_000);
        assertThat(volumes).hasSize(3);
        Path target = dir.resolve("out");

        Optional<TransferFailure> failure = ZipContainer.unpack(
                new SequenceInputStream(Collections.enumeration(
                        volumes.stream().map(ByteArrayInputStream::new).toList())),
                target,
                content.length);

        assertThat(failure).isEmpty();
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void anArchiveThatUnpacksToMoreThanAnnouncedStopsAtTheAnnouncedSize() throws Exception {
        byte[] zeros = new byte[20 * 1024 * 1024];
        byte[] bomb = ZipArchives.of("zeros", zeros);
        assertThat(bomb.length).isLessThan(100_000);
        Path target = dir.resolve("out");

        Optional<TransferFailure> failure = ZipContainer.unpack(new ByteArrayInputStream(bomb), target, 1024 * 1024);

        assertThat(failure).map(TransferFailure::error).contains(GbError.INCORRECT_FILE_SIZE);
        assertThat(failure.get().reason()).startsWith("INCORRECT_FILE_SIZE (GB014)");
        assertThat(Files.size(target)).isLessThanOrEqualTo(1024 * 1024);
    }

    @Test
    void twoFilesNoFileOrNoZipAtAllAreDecompressionErrors() throws Exception {
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("a", new byte[] {1});
        two.put("b", new byte[] {2});

        Optional<TransferFailure> twoFiles =
                ZipContainer.unpack(new ByteArrayInputStream(ZipArchives.of(two)), dir.resolve("two"), 2);
        Optional<TransferFailure> noFile =
                ZipContainer.unpack(new ByteArrayInputStream(ZipArchives.of(Map.of())), dir.resolve("none"), 2);
        Optional<TransferFailure> noZip =
                ZipContainer.unpack(new ByteArrayInputStream(random(1000, 3)), dir.resolve("noise"), 2);
        byte[] cut = ZipArchives.of("cut", random(100_000, 4));
        Optional<TransferFailure> truncated = ZipContainer.unpack(
                new ByteArrayInputStream(Arrays.copyOf(cut, cut.length / 2)), dir.resolve("cut"), 100_000);

        assertThat(List.of(twoFiles, noFile, noZip, truncated))
                .allSatisfy(f -> assertThat(f).map(TransferFailure::error).contains(GbError.DECOMPRESSION_ERROR));
        assertThat(twoFiles.get().reason())
                .startsWith("DECOMPRESSION_ERROR (GB017)")
                .contains("more than one");
    }

    @Test
    void anEntryNameThatClimbsOutOfTheDirectoryIsNeverUsedAsAPath() throws Exception {
        Path inside = Files.createDirectories(dir.resolve("a/b"));
        Path target = inside.resolve("out");

        Optional<TransferFailure> failure = ZipContainer.unpack(
                new ByteArrayInputStream(ZipArchives.of("../../escaped.txt", new byte[] {42})), target, 1);

        assertThat(failure).isEmpty();
        assertThat(Files.readAllBytes(target)).containsExactly(42);
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile)).containsExactly(target);
        }
    }
}
