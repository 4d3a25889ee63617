package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.gb.store.FileId;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.gateway.http.GbFileHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GB file endpoint over real mutual TLS on loopback: ranges, HEAD, who may fetch, what is not there. */
class GbFileEndpointTest {

    private static final String PREFIX = "/gb/files/";
    private static final int SIZE = 1000;

    @TempDir
    static Path dir;

    private static GbPki pki;
    private static ManualClock clock;
    private static SenderFileStore store;
    private static FileEndpointServer server;
    private static HttpClient receiver;
    private static byte[] content;
    private static StoredFile file;

    @BeforeAll
    static void start() throws Exception {
        pki = GbPki.generate(dir.resolve("pki"));
        clock = new ManualClock(Instant.now());
        store = new SenderFileStore(dir.resolve("outbox").resolve("files"), clock);
        Files.writeString(dir.resolve("outbox").resolve("secret.txt"), "SECRET-NEXT-TO-THE-STORE");
        server = FileEndpointServer.start(pki.serverContext(), new GbFileHandler(PREFIX, store), 0);
        receiver = pki.client(GbPki.RECEIVER);
        content = new byte[SIZE];
        new Random(16).nextBytes(content);
        file = store.store(
                new ByteArrayInputStream(content),
                "export.xml",
                "application/xml",
                pki.oin(GbPki.RECEIVER),
                Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
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

    private static String path(StoredFile f) {
        return PREFIX + f.id().value();
    }

    @Test
    void theReceiverGetsTheWholeFileWithItsEntityTagAndRangeSupport() throws Exception {
        HttpResponse<byte[]> answer = get(receiver, path(file));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(content);
        assertThat(answer.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(answer.headers().firstValue("ETag")).hasValue(file.entityTag());
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/xml"));
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<byte[]> answer = receiver.send(
                HttpRequest.newBuilder(server.url(path(file)))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(answer.headers().firstValue("ETag")).hasValue(file.entityTag());
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void aClosedRangeIsAnsweredWith206AndItsContentRange() throws Exception {
        HttpResponse<byte[]> answer = get(receiver, path(file), "Range", "bytes=10-19");
        assertThat(answer.statusCode()).isEqualTo(206);
        assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + SIZE);
        assertThat(answer.body()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
    }

    @Test
    void anOpenRangeRunsToTheEndOfTheFile() throws Exception {
        HttpResponse<byte[]> answer = get(receiver, path(file), "Range", "bytes=990-");
        assertThat(answer.statusCode()).isEqualTo(206);
        assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes 990-999/" + SIZE);
        assertThat(answer.body()).isEqualTo(Arrays.copyOfRange(content, 990, SIZE));
    }

    @Test
    void aSuffixRangeGivesTheLastBytes() throws Exception {
        HttpResponse<byte[]> answer = get(receiver, path(file), "Range", "bytes=-5");
        assertThat(answer.statusCode()).isEqualTo(206);
        assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes 995-999/" + SIZE);
        assertThat(answer.body()).isEqualTo(Arrays.copyOfRange(content, 995, SIZE));
    }

    @Test
    void aRangeBeyondTheFileIs416WithTheFileSize() throws Exception {
        HttpResponse<byte[]> answer = get(receiver, path(file), "Range", "bytes=" + SIZE + "-");
        assertThat(answer.statusCode()).isEqualTo(416);
        assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
    }

    @Test
    void aRangeForAnotherVersionOfTheFileGetsTheWholeFile() throws Exception {
        HttpResponse<byte[]> answer = get(receiver, path(file), "Range", "bytes=500-", "If-Range", "\"other\"");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(content);
    }

    @Test
    void anotherOrganisationWithAValidCertificateIsRefused403() throws Exception {
        HttpResponse<byte[]> answer = get(pki.client(GbPki.OTHER), path(file));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("not for the organisation");
    }

    @Test
    void theSenderItselfIsNotTheReceiverEither() throws Exception {
        assertThat(get(pki.client(GbPki.SENDER), path(file)).statusCode()).isEqualTo(403);
    }

    @Test
    void aGuessedIdIsNotFound() throws Exception {
        FileId guess = FileId.random(new SecureRandom());
        assertThat(get(receiver, PREFIX + guess.value()).statusCode()).isEqualTo(404);
        assertThat(get(receiver, PREFIX + "short").statusCode()).isEqualTo(404);
        assertThat(get(receiver, PREFIX).statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredFileIsNotFoundAndIsRemoved() throws Exception {
        StoredFile shortLived = store.store(
                new ByteArrayInputStream(content),
                "short.bin",
                "application/octet-stream",
                pki.oin(GbPki.RECEIVER),
                Duration.ofMinutes(5));
        assertThat(get(receiver, path(shortLived)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        assertThat(get(receiver, path(shortLived)).statusCode()).isEqualTo(404);
        assertThat(store.find(shortLived.id())).isEmpty();
        assertThat(get(receiver, path(file)).statusCode()).isEqualTo(200);
    }

    @Test
    void pathTraversalNeverReachesAFileOutsideTheStore() throws Exception {
        for (String path : new String[] {
            PREFIX + "../secret.txt",
            PREFIX + "..%2Fsecret.txt",
            PREFIX + "%2e%2e/secret.txt",
            PREFIX + "%2e%2e%2fsecret.txt",
            PREFIX + file.id().value() + "/../../secret.txt",
            PREFIX + "..%5csecret.txt"
        }) {
            HttpResponse<byte[]> answer = receiver.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).as(path).isIn(400, 404);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .as(path)
                    .doesNotContain("SECRET");
        }
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        HttpResponse<byte[]> answer = receiver.send(
                HttpRequest.newBuilder(server.url(path(file)))
                        .PUT(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
