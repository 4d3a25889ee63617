package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer may close a kept connection just as a post goes out on it (it restarted, or dropped the connection after
 * its own idle time); the check before reuse cannot see a close that comes after it. HttpSender posts such a message
 * once more on a new connection, and only then: a new connection closed without an answer is the peer's doing and
 * is left to the scheduler.
 */
class HttpSenderKeptConnectionTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(5);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private ServerSocket server;
    private HttpSender sender;

    @BeforeEach
    void start() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sender = new HttpSender(
                SSLContext.getDefault(), new SSLParameters(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws IOException {
        sender.close();
        server.close();
    }

    @Test
    void aPostOnAKeptConnectionThePeerClosedGoesOnceMoreOnANewOne() throws Exception {
        serve(connection -> {
            if (connection == 1) {
                return new int[] {204, 0}; // answers the first request and keeps the connection, then drops it
            }
            return new int[] {204, 204};
        });

        SendOutcome first = sender.post(endpoint(), message("first"));
        SendOutcome second = sender.post(endpoint(), message("second"));

        assertThat(first).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(second).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(connections).hasValue(2);
        assertThat(requests).hasValue(3); // the second message read twice: dropped on the kept connection, then taken
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerIsNotPostedToAgain() throws Exception {
        serve(connection -> new int[] {0});

        SendOutcome outcome = sender.post(endpoint(), message("refused"));

        assertThat(outcome).isInstanceOf(SendOutcome.Retryable.class);
        assertThat(((SendOutcome.Retryable) outcome).reason())
                .isEqualTo(endpoint() + " closed the connection without answering");
        assertThat(connections).hasValue(1);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aKeptConnectionDroppedTwiceIsPostedOnceMoreOnly() throws Exception {
        serve(connection -> connection == 1 ? new int[] {204, 0} : new int[] {0});

        assertThat(sender.post(endpoint(), message("first"))).isInstanceOf(SendOutcome.Accepted.class);
        SendOutcome second = sender.post(endpoint(), message("second"));

        assertThat(second).isInstanceOf(SendOutcome.Retryable.class);
        assertThat(((SendOutcome.Retryable) second).reason()).contains("closed the connection without answering");
        assertThat(connections).hasValue(2);
        assertThat(requests).hasValue(3);
    }

    @Test
    void aKeptConnectionResetAfterTheAnswerBeganIsNotPostedToAgain() throws Exception {
        serve(connection -> connection == 1 ? new int[] {204, RESET_AFTER_HEAD} : new int[] {204});

        assertThat(sender.post(endpoint(), message("first"))).isInstanceOf(SendOutcome.Accepted.class);
        SendOutcome second = sender.post(endpoint(), message("second"));

        assertThat(second).as("the peer may have taken it").isInstanceOf(SendOutcome.Retryable.class);
        assertThat(connections).hasValue(1);
        assertThat(requests).hasValue(2);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/ebms");
    }

    private PackedMessage message(String text) throws IOException {
        return mime.pack(
                "<e/>".getBytes(StandardCharsets.UTF_8),
                List.of(new Payload(text + "@x", "text/plain", text.getBytes(StandardCharsets.UTF_8))));
    }

    /** Answers the head of a 200 with part of its body, then resets the connection. */
    private static final int RESET_AFTER_HEAD = -1;

    /**
     * What the peer does on its n-th connection (from 1): per request read, the status to answer, 0 to hang up, or
     * {@link #RESET_AFTER_HEAD}.
     */
    private interface Script {
        int[] answers(int connection);
    }

    /**
     * A minimal HTTP/1.1 peer on a plain socket: it reads each request whole (the client has sent all of it) before
     * it answers or closes, so what the client sees does not depend on timing.
     */
    private void serve(Script script) {
        Thread peer = new Thread(() -> {
            try {
                while (true) {
                    try (Socket s = server.accept()) {
                        int[] answers = script.answers(connections.incrementAndGet());
                        InputStream in = s.getInputStream();
                        for (int status : answers) {
                            if (!readRequest(in)) {
                                break;
                            }
                            requests.incrementAndGet();
                            if (status == 0) {
                                break; // closes without answering
                            }
                            if (status == RESET_AFTER_HEAD) {
                                s.getOutputStream()
                                        .write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<partial"
                                                .getBytes(StandardCharsets.US_ASCII));
                                s.getOutputStream().flush();
                                s.setSoLinger(true, 0); // the close below resets the connection
                                break;
                            }
                            s.getOutputStream()
                                    .write(("HTTP/1.1 " + status + " No Content\r\n\r\n")
                                            .getBytes(StandardCharsets.US_ASCII));
                            s.getOutputStream().flush();
                        }
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        peer.setDaemon(true);
        peer.start();
    }

    /** Reads one request with its Content-Length body; false when the client closed the connection first. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        if (b < 0) {
            return false;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(
                        line.substring("content-length:".length()).trim());
            }
        }
        return in.readNBytes((int) length).length == length;
    }
}
