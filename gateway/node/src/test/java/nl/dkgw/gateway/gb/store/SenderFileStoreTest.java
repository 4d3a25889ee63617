package nl.dkgw.gateway.gb.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.pki.Oin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's file store: measured while streaming, unguessable ids, gone when the lifetime ends. */
class SenderFileStoreTest {

    private static final Oin RECEIVER = Oin.parse("00000099000000002000");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T12:00:00Z"));

    /** Generates {@code size} pseudo-random bytes on demand, so nothing in the test holds the whole file either. */
    private static InputStream generated(long size, long seed) {
        Random random = new Random(seed);
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    private static byte[] sha256Of(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    @Test
    void measuresSizeAndSha256WhileStoring() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        long size = 20L * 1024 * 1024 + 7;

        StoredFile file = store.store(
                generated(size, 5), "export.bin", "application/octet-stream", RECEIVER, Duration.ofHours(2));

        assertThat(file.size()).isEqualTo(size);
        assertThat(file.sha256().matches(sha256Of(generated(size, 5)))).isTrue();
        assertThat(file.receiver()).isEqualTo(RECEIVER);
        assertThat(file.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        assertThat(store.find(file.id())).contains(file);
        try (FileChannel channel = store.open(file)) {
            assertThat(channel.size()).isEqualTo(size);
            ByteBuffer first = ByteBuffer.allocate(16);
            channel.read(first, 0);
            byte[] expected = new byte[16];
            generated(size, 5).read(expected);
            assertThat(first.array()).isEqualTo(expected);
        }
    }

    @Test
    void idsAre128RandomBitsInUrlSafeCharacters() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            FileId id = store.store(
                            new ByteArrayInputStream(new byte[] {1}),
                            "a.bin",
                            "application/octet-stream",
                            RECEIVER,
                            Duration.ofMinutes(1))
                    .id();
            assertThat(id.value()).matches("[A-Za-z0-9_-]{22}");
            ids.add(id.value());
        }
        assertThat(ids).hasSize(50);
        assertThat(FileId.parse("../../etc/passwd")).isEmpty();
        assertThat(FileId.parse("AAAAAAAAAAAAAAAAAAAA/.")).isEmpty();
    }

    @Test
    void anExpiredFileIsNotFoundAndTheSweepRemovesItFromDisk() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        StoredFile shortLived = store.store(
                new ByteArrayInputStream(new byte[10]),
                "s.bin",
                "application/octet-stream",
                RECEIVER,
                Duration.ofMinutes(10));
        StoredFile longLived = store.store(
                new ByteArrayInputStream(new byte[10]),
                "l.bin",
                "application/octet-stream",
                RECEIVER,
                Duration.ofHours(10));

        clock.advance(Duration.ofMinutes(10));

        assertThat(store.removeExpired()).isEqualTo(1);
        assertThat(store.find(shortLived.id())).isEmpty();
        assertThat(store.find(longLived.id())).isPresent();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.startsWith(longLived.id().value()));
        }
    }

    @Test
    void aFileRemovedBeforeItsLifetimeEndedIsGoneAndItsBytesNoLongerCount() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        StoredFile fetched = store.store(
                new ByteArrayInputStream(new byte[1000]),
                "f.bin",
                "application/octet-stream",
                RECEIVER,
                Duration.ofHours(1));
        store.store(
                new ByteArrayInputStream(new byte[24]),
                "k.bin",
                "application/octet-stream",
                RECEIVER,
                Duration.ofHours(1));
        assertThat(store.storedBytes()).isEqualTo(1024);

        assertThat(store.remove(fetched.id(), "fetched")).isTrue();
        assertThat(store.remove(fetched.id(), "fetched")).as("removed already").isFalse();
        assertThat(store.find(fetched.id())).isEmpty();
        assertThat(store.storedBytes()).isEqualTo(24);
    }

    @Test
    void aFilenameTheMetadataCannotCarryIsRefusedBeforeStoring() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        assertThatThrownBy(() -> store.store(
                        new ByteArrayInputStream(new byte[1]), "../x.bin", "text/plain", RECEIVER, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MD007");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anAnnouncementCarriesTheFilesUrlLifetimeAndChecksum() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        StoredFile file = store.store(
                new ByteArrayInputStream(new byte[] {1, 2, 3}),
                "a.bin",
                "application/pdf",
                RECEIVER,
                Duration.ofDays(7));

        var reference = FileAnnouncement.of(file, URI.create("https://gb.example.nl/gb/files/"), null);

        assertThat(reference.location().url().toString()).isEqualTo("https://gb.example.nl/gb/files/" + file.id());
        assertThat(reference.creationTime()).isEqualTo(file.storedAt());
        assertThat(reference.expirationTime()).isEqualTo(file.expiresAt());
        assertThat(reference.checksum()).isEqualTo(file.sha256());
        assertThat(reference.size()).isEqualTo(3);
        assertThat(reference.contentType()).isEqualTo("application/pdf");
    }

    @Test
    void aStreamThatBreaksLeavesNothingBehind() throws Exception {
        SenderFileStore store = new SenderFileStore(dir, clock);
        InputStream breaking = new InputStream() {
            int served;

            @Override
            public int read() throws IOException {
                if (served++ > 1000) {
                    throw new IOException("source went away");
                }
                return 7;
            }
        };
        assertThatThrownBy(
                        () -> store.store(breaking, "b.bin", "application/octet-stream", RECEIVER, Duration.ofHours(1)))
                .isInstanceOf(IOException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
