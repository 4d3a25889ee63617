package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.gb.store.FileId;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.gateway.http.GbFileHandler;
import nl.dkgw.gateway.http.OfferedFileAccess;
import nl.dkgw.pki.Oin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file endpoint asks the node who may fetch a file at each request, answers 403 rather than 404 for a removed
 * file that was offered to another party, and reports the bytes each response carried (over real mutual TLS).
 */
class GbFileEndpointAccessTest {

    private static final String PREFIX = "/gb/files/";
    private static final int SIZE = 1000;

    @TempDir
    static Path dir;

    private static GbPki pki;
    private static SenderFileStore store;
    private static FileEndpointServer server;
    private static HttpClient receiver;
    private static HttpClient other;
    private static StoredFile file;
    private static final Recording access = new Recording();

    /** Who may fetch as the test says, and every range reported as served. */
    static final class Recording implements OfferedFileAccess {
        volatile boolean allowed = true;
        volatile FileId removedForReceiver;
        final List<long[]> served = new CopyOnWriteArrayList<>();

        @Override
        public boolean mayFetch(StoredFile f, Oin client) {
            return allowed && client.equals(f.receiver());
        }

        @Override
        public boolean offeredToAnother(FileId id, Oin client) {
            return id.equals(removedForReceiver) && !client.equals(pki.oin(GbPki.RECEIVER));
        }

        @Override
        public void served(StoredFile f, long first, long end) {
            served.add(new long[] {first, end});
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pki = GbPki.generate(dir.resolve("pki"));
        store = new SenderFileStore(dir.resolve("files"), new ManualClock(Instant.now()));
        server = FileEndpointServer.start(pki.serverContext(), new GbFileHandler(PREFIX, store, access, null), 0);
        receiver = pki.client(GbPki.RECEIVER);
        other = pki.client(GbPki.OTHER);
        byte[] content = new byte[SIZE];
        new Random(3).nextBytes(content);
        file = store.store(
                new ByteArrayInputStream(content),
                "export.bin",
                "application/octet-stream",
                pki.oin(GbPki.RECEIVER),
                Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void reset() {
        access.allowed = true;
        access.removedForReceiver = null;
        access.served.clear();
    }

    @Test
    void theBytesOfEveryResponseAreReported() throws Exception {
        assertThat(get(receiver, PREFIX + file.id().value(), "Range", "bytes=10-19")
                        .statusCode())
                .isEqualTo(206);
        assertThat(get(receiver, PREFIX + file.id().value()).statusCode()).isEqualTo(200);
        // reported once each response ended
        await().atMost(Duration.ofSeconds(10)).until(() -> access.served.size() == 2);
        assertThat(access.served).containsExactlyInAnyOrder(new long[] {10, 20}, new long[] {0, SIZE});
    }

    @Test
    void anEmptyFileIsFetchedCompletelyByOneAnswer() throws Exception {
        StoredFile empty = store.store(
                new ByteArrayInputStream(new byte[0]),
                "empty.bin",
                "application/octet-stream",
                pki.oin(GbPki.RECEIVER),
                Duration.ofHours(1));
        assertThat(get(receiver, PREFIX + empty.id().value()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> access.served.size() == 1);
        assertThat(access.served).containsExactly(new long[] {0, 0});
    }

    @Test
    void theNodeDecidesWhoMayFetchAtTheTimeOfTheRequest() throws Exception {
        access.allowed = false; // e.g. the file's CPA now names another party
        assertThat(get(receiver, PREFIX + file.id().value()).statusCode()).isEqualTo(403);
        assertThat(access.served).isEmpty();
        access.allowed = true;
        assertThat(get(receiver, PREFIX + file.id().value()).statusCode()).isEqualTo(200);
    }

    @Test
    void aRemovedFileOfferedToAnotherPartyStaysForbiddenAndIsUnknownToItsReceiver() throws Exception {
        FileId removed = FileId.random(new SecureRandom());
        access.removedForReceiver = removed;
        assertThat(get(other, PREFIX + removed.value()).statusCode()).isEqualTo(403);
        assertThat(get(receiver, PREFIX + removed.value()).statusCode()).isEqualTo(404);
        assertThat(get(other, PREFIX + FileId.random(new SecureRandom()).value())
                        .statusCode())
                .as("an id never offered")
                .isEqualTo(404);
    }

    private static HttpResponse<byte[]> get(HttpClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.url(path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
