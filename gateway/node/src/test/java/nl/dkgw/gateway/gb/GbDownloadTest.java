package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.gb.download.DownloadQueue;
import nl.dkgw.gateway.gb.download.DownloadRequest;
import nl.dkgw.gateway.gb.download.DownloadResult;
import nl.dkgw.gateway.gb.download.DownloadStatus;
import nl.dkgw.gateway.gb.download.FileDownloader;
import nl.dkgw.gateway.gb.download.RetryPause;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.ChecksumAlgorithm;
import nl.dkgw.gateway.gb.metadata.DataReference;
import nl.dkgw.gateway.gb.metadata.ExternalDataReferences;
import nl.dkgw.gateway.gb.metadata.GbMetadataReader;
import nl.dkgw.gateway.gb.metadata.GbMetadataWriter;
import nl.dkgw.gateway.gb.store.FileAnnouncement;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.gateway.http.GbFileHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's downloader against the sender's file endpoint over real mutual TLS on loopback: a whole download,
 * resuming after the endpoint is stopped mid-transfer (within one download and across a restart of the
 * downloader), a checksum that does not match, and a receiver the file is not for.
 */
class GbDownloadTest {

    private static final String PREFIX = "/gb/files/";
    private static final int SIZE = 4 * 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path pkiDir;

    private static GbPki pki;
    private static byte[] content;

    @TempDir
    Path dir;

    private SenderFileStore store;
    private TransferTap tap;
    private FileEndpointServer server;
    private StoredFile file;

    @BeforeAll
    static void pki() {
        pki = GbPki.generate(pkiDir);
        content = new byte[SIZE];
        new Random(1016).nextBytes(content);
    }

    @BeforeEach
    void startSender() throws Exception {
        store = new SenderFileStore(dir.resolve("sender"), new ManualClock(Instant.now()));
        file = store.store(
                new ByteArrayInputStream(content),
                "backlog.bin",
                "application/octet-stream",
                pki.oin(GbPki.RECEIVER),
                Duration.ofDays(1));
        tap = new TransferTap(new GbFileHandler(PREFIX, store));
        server = FileEndpointServer.start(pki.serverContext(), tap, 0);
    }

    @AfterEach
    void stopSender() throws Exception {
        server.close();
    }

    private FileDownloader downloader(String party, int attempts, RetryPause pause) throws Exception {
        SSLContext context = pki.clientContext(party);
        return new FileDownloader(
                dir.resolve("receiver"),
                context,
                pki.clientParameters(context),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                attempts,
                pause);
    }

    private DownloadRequest request(Checksum checksum) {
        return new DownloadRequest("transfer-1", server.url(PREFIX + file.id().value()), SIZE, checksum);
    }

    /** Stops the server from another thread (a handler thread cannot wait for its own server to stop). */
    private CountDownLatch stopServerFromTheHook() {
        CountDownLatch stopped = new CountDownLatch(1);
        FileEndpointServer running = server;
        tap.cutOnceAfter(
                SIZE / 4,
                () -> new Thread(
                                () -> {
                                    try {
                                        running.close();
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "test-stops-the-sender")
                        .start());
        return stopped;
    }

    private void restartSenderOnTheSamePort() throws Exception {
        server = FileEndpointServer.start(pki.serverContext(), tap, server.port());
    }

    @Test
    void aFileAnnouncedInMetadataIsDownloadedAndVerified() throws Exception {
        byte[] metadata = new GbMetadataWriter()
                .write(ExternalDataReferences.of(FileAnnouncement.of(file, server.url(PREFIX), "backlog-2026-11")));
        DataReference announced =
                new GbMetadataReader().read(metadata).references().get(0);
        assertThat(announced.size()).isEqualTo(SIZE);
        assertThat(announced.contextId()).isEqualTo("backlog-2026-11");

        DownloadResult result =
                downloader(GbPki.RECEIVER, 3, n -> {}).download(DownloadRequest.of("transfer-1", announced));

        assertThat(result.status()).isEqualTo(DownloadStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(Files.readAllBytes(result.file())).isEqualTo(content);
        assertThat(Files.exists(dir.resolve("receiver").resolve("transfer-1.part")))
                .isFalse();
    }

    @Test
    void resumesWithARangeAfterTheSenderIsStoppedMidTransfer() throws Exception {
        CountDownLatch stopped = stopServerFromTheHook();
        CountDownLatch restarted = new CountDownLatch(1);
        Thread restarter = new Thread(
                () -> {
                    try {
                        assertThat(stopped.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                                .isTrue();
                        restartSenderOnTheSamePort();
                        restarted.countDown();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "test-restarts-the-sender");
        restarter.start();

        DownloadResult result = downloader(GbPki.RECEIVER, 5, n -> {
                    if (!restarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the sender was not restarted");
                    }
                })
                .download(request(file.sha256()));
        restarter.join();

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(DownloadStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(Files.readAllBytes(result.file())).isEqualTo(content);
        List<TransferTap.Seen> seen = tap.seen();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).range()).isNull();
        assertThat(seen.get(1).range()).matches("bytes=[1-9][0-9]*-");
        assertThat(seen.get(1).ifRange()).isEqualTo(file.entityTag());
    }

    @Test
    void aNewDownloaderAfterARestartResumesFromThePartFileOnDisk() throws Exception {
        CountDownLatch stopped = stopServerFromTheHook();
        // the first downloader's node stops while waiting to retry: its thread is interrupted
        FileDownloader first = downloader(GbPki.RECEIVER, 5, n -> {
            throw new InterruptedException("node stopping");
        });
        assertThatThrownBy(() -> first.download(request(file.sha256()))).isInstanceOf(InterruptedException.class);
        assertThat(stopped.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        long kept = Files.size(dir.resolve("receiver").resolve("transfer-1.part"));
        assertThat(kept).isPositive().isLessThan(SIZE);
        assertThat(first.state("transfer-1"))
                .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(DownloadStatus.IN_PROGRESS));

        restartSenderOnTheSamePort();
        DownloadResult result = downloader(GbPki.RECEIVER, 5, n -> {}).download(request(file.sha256()));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(DownloadStatus.COMPLETED);
        assertThat(Files.readAllBytes(result.file())).isEqualTo(content);
        assertThat(tap.seen().get(1).range()).isEqualTo("bytes=" + kept + "-");
        assertThat(tap.seen().get(1).ifRange()).isEqualTo(file.entityTag());
    }

    @Test
    void aChecksumMismatchIsRetriedThenReportedAsFailedWithTheReason() throws Exception {
        Checksum wrong = new Checksum(ChecksumAlgorithm.SHA256, "00".repeat(32));

        DownloadResult result = downloader(GbPki.RECEIVER, 2, n -> {}).download(request(wrong));

        assertThat(result.status()).isEqualTo(DownloadStatus.FAILED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.failure())
                .contains("gave up after 2 attempts")
                .contains("checksum error")
                .contains(wrong.hex())
                .contains(file.sha256().hex());
        assertThat(tap.seen()).hasSize(2).allSatisfy(s -> assertThat(s.range()).isNull());
        assertThat(Files.exists(dir.resolve("receiver").resolve("transfer-1"))).isFalse();
        assertThat(Files.exists(dir.resolve("receiver").resolve("transfer-1.part")))
                .isFalse();
        // a failed download stays failed, also for a new downloader after a restart
        assertThat(downloader(GbPki.RECEIVER, 2, n -> {})
                        .download(request(wrong))
                        .failure())
                .isEqualTo(result.failure());
        assertThat(tap.seen()).hasSize(2);
    }

    @Test
    void aDownloadByAnotherOrganisationFailsAtOnceOn403() throws Exception {
        DownloadResult result = downloader(GbPki.OTHER, 5, n -> {}).download(request(file.sha256()));

        assertThat(result.status()).isEqualTo(DownloadStatus.FAILED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.failure()).contains("403");
    }

    @Test
    void theQueueRunsDownloadsAndAnswersTheSameTransferOnce() throws Exception {
        StoredFile second = store.store(
                new ByteArrayInputStream(content, 0, 1000),
                "small.bin",
                "application/octet-stream",
                pki.oin(GbPki.RECEIVER),
                Duration.ofDays(1));
        try (DownloadQueue queue = new DownloadQueue(downloader(GbPki.RECEIVER, 3, n -> {}), 1)) {
            var a = queue.submit(request(file.sha256()));
            var b = queue.submit(new DownloadRequest(
                    "transfer-2", server.url(PREFIX + second.id().value()), 1000, second.sha256()));
            assertThat(a.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).completed())
                    .isTrue();
            assertThat(b.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).completed())
                    .isTrue();
        }
    }
}
