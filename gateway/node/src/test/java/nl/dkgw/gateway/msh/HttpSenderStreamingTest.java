package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.testkit.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpSender posts a packed message streamed from its parts: with a Content-Length when every part's size is known,
 * chunked otherwise, and every stream it opened is closed, also when the post fails half way.
 */
class HttpSenderStreamingTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(5);
    private final AtomicReference<String> contentLength = new AtomicReference<>();
    private final AtomicReference<String> transferEncoding = new AtomicReference<>();
    private final AtomicReference<String> bodyDigest = new AtomicReference<>();
    private final AtomicReference<Long> bodyBytes = new AtomicReference<>();
    private HttpServer server;
    private HttpSender sender;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(FreePort.loopback(), 0), 0);
        server.createContext("/ebms", exchange -> {
            contentLength.set(exchange.getRequestHeaders().getFirst("Content-Length"));
            transferEncoding.set(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
            try (InputStream in = exchange.getRequestBody()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                CountingDigest sink = new CountingDigest(digest);
                in.transferTo(sink);
                bodyBytes.set(sink.count);
                bodyDigest.set(HexFormat.of().formatHex(digest.digest()));
            } catch (Exception e) {
                throw new IOException(e);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        sender = new HttpSender(
                SSLContext.getDefault(), new SSLParameters(), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        sender.close();
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ebms");
    }

    @Test
    void aMessageWithFilePartsIsPostedWithItsContentLengthAndArrivesWhole() throws Exception {
        Path a = dir.resolve("a.bin");
        byte[] bytes = new byte[4 * 1024 * 1024 + 11];
        new Random(7).nextBytes(bytes);
        Files.write(a, bytes);
        PackedMessage packed = mime.pack(
                "<e/>".getBytes(), List.of(new Payload("a@x", "application/octet-stream", PayloadContent.ofFile(a))));

        SendOutcome outcome = sender.post(endpoint(), packed);

        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(contentLength.get()).isEqualTo(String.valueOf(packed.length()));
        assertThat(transferEncoding.get()).isNull();
        assertThat(bodyBytes.get()).isEqualTo(packed.length());
        assertThat(bodyDigest.get()).isEqualTo(sha256(packed.open()));
    }

    @Test
    void aPartOfUnknownSizeIsPostedChunked() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(8).nextBytes(bytes);
        PayloadContent unknown = new PayloadContent() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long length() {
                return -1;
            }
        };
        PackedMessage packed =
                mime.pack("<e/>".getBytes(), List.of(new Payload("u@x", "application/octet-stream", unknown)));

        SendOutcome outcome = sender.post(endpoint(), packed);

        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(contentLength.get()).isNull();
        assertThat(transferEncoding.get()).isEqualToIgnoringCase("chunked");
        assertThat(bodyDigest.get()).isEqualTo(sha256(packed.open()));
    }

    @Test
    void aPartThatFailsHalfWayMakesTheAttemptRetryableAndItsStreamIsClosed() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        PayloadContent failing = new PayloadContent() {
            @Override
            public InputStream open() {
                opened.incrementAndGet();
                return new InputStream() {
                    private int served;

                    @Override
                    public int read() throws IOException {
                        if (served++ > 200_000) {
                            throw new IOException("disk gone");
                        }
                        return 'x';
                    }

                    @Override
                    public void close() {
                        closed.incrementAndGet();
                    }
                };
            }

            @Override
            public long length() {
                return 1_000_000;
            }
        };
        PackedMessage packed =
                mime.pack("<e/>".getBytes(), List.of(new Payload("f@x", "application/octet-stream", failing)));

        SendOutcome first = sender.post(endpoint(), packed);
        SendOutcome second = sender.post(endpoint(), packed);

        assertThat(first).isInstanceOf(SendOutcome.Retryable.class);
        assertThat(second).isInstanceOf(SendOutcome.Retryable.class);
        assertThat(opened).hasValue(2);
        assertThat(closed).hasValue(2);
    }

    @Test
    void aPeerThatStopsReadingTheBodyIsCutOffAtTheDeadline() throws Exception {
        // accepts the connection and then neither reads nor answers: the upload fills the socket's buffers and blocks
        try (ServerSocket stalled = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                HttpSender impatient = new HttpSender(
                        SSLContext.getDefault(), new SSLParameters(), Duration.ofMillis(500), Duration.ofSeconds(1))) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = stalled.accept()) {
                    s.getInputStream().read(new byte[1]); // the first byte only, then nothing
                    stalled.accept(); // holds the socket open until the server socket closes
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            byte[] big = new byte[64 * 1024 * 1024];
            PackedMessage packed =
                    mime.pack("<e/>".getBytes(), List.of(new Payload("b@x", "application/octet-stream", big)));

            SendOutcome outcome =
                    impatient.post(URI.create("http://127.0.0.1:" + stalled.getLocalPort() + "/ebms"), packed);

            assertThat(outcome).isInstanceOf(SendOutcome.Retryable.class);
            assertThat(((SendOutcome.Retryable) outcome).reason())
                    .contains("no answer from")
                    .contains("within PT1S");
        }
    }

    @Test
    void closingTheSenderEndsAPostStillUnderWay() throws Exception {
        try (ServerSocket stalled = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = stalled.accept()) {
                    s.getInputStream().read(new byte[1]);
                    stalled.accept();
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpSender patient = new HttpSender(
                    SSLContext.getDefault(), new SSLParameters(), Duration.ofSeconds(5), Duration.ofMinutes(10));
            PackedMessage packed = mime.pack(
                    "<e/>".getBytes(),
                    List.of(new Payload("b@x", "application/octet-stream", new byte[64 * 1024 * 1024])));
            AtomicReference<SendOutcome> outcome = new AtomicReference<>();
            Thread posting = new Thread(() -> outcome.set(
                    patient.post(URI.create("http://127.0.0.1:" + stalled.getLocalPort() + "/ebms"), packed)));
            posting.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> bodyStarted(posting));

            patient.close();

            await().atMost(Duration.ofSeconds(30)).until(() -> outcome.get() != null);
            assertThat(outcome.get()).isInstanceOf(SendOutcome.Retryable.class);
        }
    }

    /** Whether {@code posting} is writing the body (blocked in the socket's write once the buffers are full). */
    private static boolean bodyStarted(Thread posting) {
        for (StackTraceElement e : posting.getStackTrace()) {
            if (e.getMethodName().equals("writeTo")) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(InputStream stream) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(stream, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final class CountingDigest extends OutputStream {
        private final MessageDigest digest;
        long count;

        CountingDigest(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            count += len;
        }
    }
}
