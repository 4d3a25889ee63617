package nl.dkgw.gateway.gb.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.PushReference;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.pki.Oin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Making a pushed file out of its uploads: the parts of a split ZIP joined in the request's order and unpacked, a
 * part that is not what the request said failing with the part's name, a missing part moving nothing, plain parts
 * concatenated; and the location a transfer row keeps read back as written.
 */
class PushedFileAssemblerTest {

    private static final Oin SENDER = Oin.parse("00000001234567890000");

    @TempDir
    Path dir;

    private PushedFileStore store;
    private PushedFileAssembler assembler;
    private Path transfers;

    @BeforeEach
    void stores() throws Exception {
        store = new PushedFileStore(dir.resolve("pushed"));
        assembler = new PushedFileAssembler(store);
        transfers = Files.createDirectories(dir.resolve("downloads"));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Checksum sha256(byte[] data) throws Exception {
        return Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Uploads the volumes as {@code name.z01 ... name.zip} and returns the pieces a push request would list. */
    private List<PushedUpload.Piece> upload(String name, List<byte[]> volumes) throws Exception {
        return upload(name, volumes, volumes.size());
    }

    /** As {@link #upload(String, List)}, the first volumes of an archive of {@code total}. */
    private List<PushedUpload.Piece> upload(String name, List<byte[]> volumes, int total) throws Exception {
        List<PushedUpload.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            String part = i == total - 1 ? name + ".zip" : name + ".z" + String.format("%02d", i + 1);
            byte[] volume = volumes.get(i);
            store.receive(SENDER, part, new ByteArrayInputStream(volume), volume.length);
            pieces.add(new PushedUpload.Piece(part, volume.length, sha256(volume)));
        }
        return pieces;
    }

    @Test
    void thePartsOfASplitZipAreCheckedJoinedAndUnpackedAndThenGone() throws Exception {
        byte[] content = random(400_000, 5);
        List<PushedUpload.Piece> pieces =
                upload("file.pdf", ZipArchives.split(ZipArchives.of("file.pdf", content), 150_000));
        PushedUpload upload = new PushedUpload(SENDER.value(), PushReference.Compression.ZIP4J, pieces);

        PushedFileAssembler.Outcome outcome = assembler.assemble(SENDER, upload, transfers, "t1", content.length);

        assertThat(outcome).isInstanceOf(PushedFileAssembler.Outcome.Ready.class);
        Path part = ((PushedFileAssembler.Outcome.Ready) outcome).part();
        assertThat(Files.readAllBytes(part)).isEqualTo(content);
        try (Stream<Path> left = Files.list(transfers)) {
            assertThat(left).containsExactly(part);
        }
        assertThat(pieces).noneMatch(p -> store.has(SENDER, p.name()));
    }

    @Test
    void aPartThatIsNotWhatTheRequestSaidFailsWithItsNameAndNothingIsKept() throws Exception {
        byte[] content = random(300_000, 6);
        List<PushedUpload.Piece> pieces =
                upload("file.pdf", ZipArchives.split(ZipArchives.of("file.pdf", content), 150_000));
        PushedUpload.Piece first = pieces.get(0);
        pieces.set(0, new PushedUpload.Piece(first.name(), first.size(), sha256(new byte[1])));
        PushedUpload upload = new PushedUpload(SENDER.value(), PushReference.Compression.ZIP4J, pieces);

        PushedFileAssembler.Outcome outcome = assembler.assemble(SENDER, upload, transfers, "t2", content.length);

        assertThat(outcome).isInstanceOf(PushedFileAssembler.Outcome.Failed.class);
        var failure = ((PushedFileAssembler.Outcome.Failed) outcome).failure();
        assertThat(failure.error()).isEqualTo(GbError.CHECKSUM_ERROR);
        assertThat(failure.reason()).startsWith("CHECKSUM_ERROR (GB015): part file.pdf.z01: ");
        try (Stream<Path> left = Files.list(transfers)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMissingPartMovesNothingUntilItArrives() throws Exception {
        byte[] content = random(300_000, 7);
        List<byte[]> volumes = ZipArchives.split(ZipArchives.of("file.pdf", content), 150_000);
        List<PushedUpload.Piece> pieces = upload("file.pdf", volumes.subList(0, volumes.size() - 1), volumes.size());
        byte[] last = volumes.get(volumes.size() - 1);
        pieces.add(new PushedUpload.Piece("file.pdf.zip", last.length, sha256(last)));
        PushedUpload upload = new PushedUpload(SENDER.value(), PushReference.Compression.ZIP4J, pieces);

        PushedFileAssembler.Outcome waiting = assembler.assemble(SENDER, upload, transfers, "t3", content.length);
        assertThat(waiting).isEqualTo(new PushedFileAssembler.Outcome.Missing(List.of("file.pdf.zip")));
        assertThat(store.has(SENDER, pieces.get(0).name())).isTrue();

        store.receive(SENDER, "file.pdf.zip", new ByteArrayInputStream(last), last.length);
        PushedFileAssembler.Outcome ready = assembler.assemble(SENDER, upload, transfers, "t3", content.length);

        assertThat(ready).isInstanceOf(PushedFileAssembler.Outcome.Ready.class);
        assertThat(Files.readAllBytes(((PushedFileAssembler.Outcome.Ready) ready).part()))
                .isEqualTo(content);
    }

    @Test
    void discardingRemovesThePartsATransferTookAndNothingElse() throws Exception {
        Path taken = Files.write(transfers.resolve("t5.0.piece"), new byte[] {1});
        Path other = Files.write(transfers.resolve("t6.0.piece"), new byte[] {2});

        PushedFileAssembler.discard(transfers, "t5", 2);

        assertThat(taken).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void uncompressedPartsAreJoinedInTheRequestsOrder() throws Exception {
        byte[] a = random(1000, 8);
        byte[] b = random(500, 9);
        store.receive(SENDER, "b.part", new ByteArrayInputStream(b), b.length);
        store.receive(SENDER, "a.part", new ByteArrayInputStream(a), a.length);
        PushedUpload upload = new PushedUpload(
                SENDER.value(),
                PushReference.Compression.NONE,
                List.of(
                        new PushedUpload.Piece("a.part", a.length, sha256(a)),
                        new PushedUpload.Piece("b.part", b.length, sha256(b))));

        PushedFileAssembler.Outcome outcome = assembler.assemble(SENDER, upload, transfers, "t4", 1500);

        byte[] joined = Files.readAllBytes(((PushedFileAssembler.Outcome.Ready) outcome).part());
        assertThat(joined).startsWith(a).endsWith(b).hasSize(1500);
    }

    @Test
    void theLocationATransferKeepsIsReadBackAsWritten() throws Exception {
        PushedUpload plain = new PushedUpload(
                SENDER.value(), PushReference.Compression.NONE, List.of(PushedUpload.Piece.whole("a.bin")));
        PushedUpload parts = new PushedUpload(
                SENDER.value(),
                PushReference.Compression.ZIP4J,
                List.of(
                        new PushedUpload.Piece("f.z01", 10, sha256(new byte[10])),
                        new PushedUpload.Piece("f.zip", 3, sha256(new byte[3]))));

        assertThat(plain.location()).isEqualTo("gb-push:" + SENDER.value() + "/a.bin");
        assertThat(PushedUpload.parse(plain.location())).isEqualTo(plain);
        assertThat(PushedUpload.parse(parts.location())).isEqualTo(parts);
        assertThat(plain.plain()).isTrue();
        assertThat(parts.plain()).isFalse();
    }
}
