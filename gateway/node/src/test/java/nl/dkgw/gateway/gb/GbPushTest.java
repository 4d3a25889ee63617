package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.gb.download.RetryPause;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.push.FileUploader;
import nl.dkgw.gateway.gb.push.PushedFileStore;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.transfer.FileCheck;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.TransferFailure;
import nl.dkgw.gateway.http.GbFileHandler;
import nl.dkgw.gateway.http.GbPushHandler;
import nl.dkgw.gateway.http.OfferedFileAccess;
import nl.dkgw.pki.Oin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push uploads over real mutual TLS on loopback: the sender's {@link FileUploader} against the receiver's push
 * endpoint ({@link GbPushHandler} behind {@link GbFileHandler}). A whole multi-MiB file, another party refused with
 * 403 before its body is read, an upload cut halfway sent again whole (GB016: no partial PUT), Content-Range
 * refused, and the checksum the push request would carry checked against what arrived.
 */
class GbPushTest {

    private static final String PREFIX = "/gb/files/";
    private static final long SIZE = 6L * 1024 * 1024;
    private static final long SEED = 2020_09;

    @TempDir
    static Path pkiDir;

    private static GbPki pki;

    @TempDir
    Path dir;

    private PushedFileStore pushed;
    private UploadTap tap;
    private FileEndpointServer server;

    @BeforeAll
    static void pki() {
        pki = GbPki.generate(pkiDir);
    }

    @BeforeEach
    void startReceiver() throws Exception {
        pushed = new PushedFileStore(dir.resolve("pushed"));
        SenderFileStore own = new SenderFileStore(dir.resolve("own"), new ManualClock(Instant.now()));
        Oin sender = pki.oin(GbPki.SENDER);
        tap = new UploadTap(new GbFileHandler(
                PREFIX, own, OfferedFileAccess.RECEIVER_ONLY, new GbPushHandler(PREFIX, pushed, sender::equals)));
        server = FileEndpointServer.start(pki.serverContext(), tap, 0);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        server.close();
    }

    private FileUploader uploader(String party, int attempts, RetryPause pause) {
        SSLContext context = pki.clientContext(party);
        return new FileUploader(
                context,
                pki.clientParameters(context),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                attempts,
                pause);
    }

    private static Checksum sha256() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new GeneratedStream(SEED, SIZE)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Checksum.sha256(digest.digest());
    }

    private Path taken(String name) throws Exception {
        Path target = dir.resolve("delivered-" + name);
        assertThat(pushed.take(pki.oin(GbPki.SENDER), name, target)).isTrue();
        return target;
    }

    @Test
    void aMultiMegabyteFileArrivesWholeWithItsChecksum() throws Exception {
        URI target = server.url(PREFIX + "backlog-2026-11.bin");

        Optional<TransferFailure> failure = uploader(GbPki.SENDER, 1, attempt -> {})
                .upload(target, () -> new GeneratedStream(SEED, SIZE), "application/octet-stream", SIZE);

        assertThat(failure).isEmpty();
        Path file = taken("backlog-2026-11.bin");
        assertThat(Files.size(file)).isEqualTo(SIZE);
        assertThat(FileCheck.problem(file, SIZE, sha256())).isEmpty();
        assertThat(tap.methods()).containsExactly("PUT");
    }

    @Test
    void anotherPartysCertificateIsRefused403WithoutRetryAndNothingIsKept() throws Exception {
        URI target = server.url(PREFIX + "backlog-2026-11.bin");
        AtomicInteger pauses = new AtomicInteger();

        Optional<TransferFailure> failure = uploader(GbPki.OTHER, 5, attempt -> pauses.incrementAndGet())
                .upload(target, () -> new GeneratedStream(SEED, SIZE), "application/octet-stream", SIZE);

        assertThat(failure).map(TransferFailure::error).contains(GbError.NOT_AUTHORISED);
        assertThat(failure.get().reason()).startsWith("NOT_AUTHORISED (GB010)").contains("HTTP 403");
        assertThat(pauses).hasValue(0);
        assertThat(pushed.has(pki.oin(GbPki.OTHER), "backlog-2026-11.bin")).isFalse();
        assertThat(pushed.has(pki.oin(GbPki.SENDER), "backlog-2026-11.bin")).isFalse();
    }

    @Test
    void anUploadCutHalfwayIsSentAgainWholeAndKeptOnce() throws Exception {
        URI target = server.url(PREFIX + "backlog-2026-11.bin");
        tap.cutOnceAfter(SIZE / 2);
        AtomicInteger pauses = new AtomicInteger();

        Optional<TransferFailure> failure = uploader(GbPki.SENDER, 3, attempt -> pauses.incrementAndGet())
                .upload(target, () -> new GeneratedStream(SEED, SIZE), "application/octet-stream", SIZE);

        assertThat(failure).isEmpty();
        assertThat(pauses).hasValue(1);
        assertThat(tap.methods()).containsExactly("PUT", "PUT");
        Path file = taken("backlog-2026-11.bin");
        assertThat(FileCheck.problem(file, SIZE, sha256())).isEmpty();
        try (Stream<Path> leftovers = Files.list(
                dir.resolve("pushed").resolve(pki.oin(GbPki.SENDER).value()).resolve(".incoming"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotTheAnnouncedOneIsAChecksumError() throws Exception {
        URI target = server.url(PREFIX + "backlog-2026-11.bin");
        uploader(GbPki.SENDER, 1, attempt -> {})
                .upload(target, () -> new GeneratedStream(SEED + 1, SIZE), "application/octet-stream", SIZE);

        Optional<TransferFailure> problem = FileCheck.problem(taken("backlog-2026-11.bin"), SIZE, sha256());

        assertThat(problem).map(TransferFailure::error).contains(GbError.CHECKSUM_ERROR);
        assertThat(problem.get().reason()).startsWith("CHECKSUM_ERROR (GB015)");
    }

    @Test
    void aPartialPutAndANameOutsideTheRulesAreRefused() throws Exception {
        HttpClient client = pki.client(GbPki.SENDER);

        HttpResponse<String> partial = client.send(
                HttpRequest.newBuilder(server.url(PREFIX + "backlog.bin"))
                        .header("Content-Range", "bytes 0-3/8")
                        .PUT(HttpRequest.BodyPublishers.ofString("abcd"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badName = client.send(
                HttpRequest.newBuilder(server.url(PREFIX + ".hidden"))
                        .PUT(HttpRequest.BodyPublishers.ofString("abcd"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(partial.statusCode()).isEqualTo(400);
        assertThat(partial.body()).contains("GB016");
        assertThat(badName.statusCode()).isEqualTo(404);
        assertThat(pushed.has(pki.oin(GbPki.SENDER), "backlog.bin")).isFalse();
    }

    @Test
    void uploadsOlderThanTheCutoffAreRemovedAndNewerOnesKept() throws Exception {
        HttpClient client = pki.client(GbPki.SENDER);
        for (String name : List.of("old.bin", "new.bin")) {
            client.send(
                    HttpRequest.newBuilder(server.url(PREFIX + name))
                            .PUT(HttpRequest.BodyPublishers.ofString(name))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        Path uploads = dir.resolve("pushed").resolve(pki.oin(GbPki.SENDER).value());
        Instant cutoff = Instant.now().minus(Duration.ofDays(7));
        Files.setLastModifiedTime(uploads.resolve("old.bin"), FileTime.from(cutoff.minusSeconds(1)));
        Path leftover = Files.writeString(uploads.resolve(".incoming").resolve("broken.bin.1"), "half");
        Files.setLastModifiedTime(leftover, FileTime.from(cutoff.minusSeconds(1)));

        assertThat(pushed.removeOlderThan(cutoff)).isEqualTo(2);

        assertThat(pushed.has(pki.oin(GbPki.SENDER), "old.bin")).isFalse();
        assertThat(pushed.has(pki.oin(GbPki.SENDER), "new.bin")).isTrue();
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aSecondUploadOfTheSameNameReplacesTheFirst() throws Exception {
        HttpClient client = pki.client(GbPki.SENDER);
        HttpRequest.Builder put = HttpRequest.newBuilder(server.url(PREFIX + "backlog.bin"));

        HttpResponse<String> first = client.send(
                put.PUT(HttpRequest.BodyPublishers.ofString("first")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = client.send(
                put.PUT(HttpRequest.BodyPublishers.ofString("second")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(204);
        assertThat(Files.readString(taken("backlog.bin"))).isEqualTo("second");
    }

    @Test
    void anUploadLongerThanTheNodeTakesIsRefused413AndNothingIsKept() throws Exception {
        SenderFileStore own = new SenderFileStore(dir.resolve("own-limited"), new ManualClock(Instant.now()));
        Oin sender = pki.oin(GbPki.SENDER);
        long limit = 1024 * 1024;
        try (FileEndpointServer limited = FileEndpointServer.start(
                pki.serverContext(),
                new GbFileHandler(
                        PREFIX,
                        own,
                        OfferedFileAccess.RECEIVER_ONLY,
                        new GbPushHandler(PREFIX, pushed, sender::equals, limit)),
                0)) {
            HttpClient client = pki.client(GbPki.SENDER);
            byte[] exactly = new byte[(int) limit];

            HttpResponse<String> announced = client.send(
                    HttpRequest.newBuilder(limited.url(PREFIX + "too-large.bin"))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) limit + 1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> fits = client.send(
                    HttpRequest.newBuilder(limited.url(PREFIX + "just-fits.bin"))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(exactly))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(announced.statusCode()).isEqualTo(413);
            assertThat(announced.body())
                    .startsWith("INCORRECT_FILE_SIZE (GB014)")
                    .contains("gb.max-file-size");
            assertThat(pushed.has(sender, "too-large.bin")).isFalse();
            assertThat(fits.statusCode()).isEqualTo(201);

            // without a Content-Length (chunked) the body is cut off where it passes the limit; the client hears 413
            // or, still sending, a closed connection
            int chunked;
            try {
                chunked = client.send(
                                HttpRequest.newBuilder(limited.url(PREFIX + "chunked.bin"))
                                        .PUT(HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new GeneratedStream(SEED, SIZE)))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                chunked = -1;
            }
            assertThat(chunked).isIn(413, -1);
            assertThat(pushed.has(sender, "chunked.bin")).isFalse();
        }
    }
}
