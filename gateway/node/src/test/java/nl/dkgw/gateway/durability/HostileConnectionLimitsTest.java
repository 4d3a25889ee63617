package nl.dkgw.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and numerous clients at the ebMS endpoint: a stalled upload (headers and part of the body, then nothing) is
 * cut off after {@code limits.idle-timeout}, also on a connection that rests between requests for the longer {@code
 * limits.keep-alive-timeout}, a request head trickled in a byte at a time (each byte in time for the
 * idle timeout) is cut off after {@code limits.request-head-timeout}, and two hundred idle TLS connections do not stop
 * the node from receiving and acknowledging a message meanwhile. Both nodes in this JVM (H2); the receiving node with
 * a 2 s idle timeout and a 3 s request head deadline.
 */
@Slow
class HostileConnectionLimitsTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HEAD_DEADLINE = Duration.ofSeconds(3);
    /** Well inside the idle timeout: without a head deadline, a connection trickled at this pace stays open. */
    private static final Duration TRICKLE_INTERVAL = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private LocalChain chain;
    private SSLContext peerTls;

    @BeforeEach
    void startChain() throws Exception {
        chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE);
        chain.restart(
                LocalChain.PROVIDER.name(),
                c -> new GatewayConfig(
                        c.node(),
                        c.ebms(),
                        c.admin(),
                        c.tls(),
                        c.database(),
                        c.delivery(),
                        new GatewayConfig.Limits(0, 0, IDLE_TIMEOUT, 0, null, HEAD_DEADLINE, 0, null, null, null),
                        c.cpa()));
        peerTls = TlsContexts.create(
                chain.pki().keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                chain.pki().trustAnchors(),
                CertificateValidator.trustAnchorsOnly(chain.pki().trustAnchors()));
    }

    @AfterEach
    void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void aStalledUploadIsCutOffAfterTheIdleTimeoutAndTheNodeKeepsServing() throws Exception {
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ebms HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=UTF-8\r\n"
                            + "SOAPAction: \"ebXML\"\r\nContent-Length: 100000\r\n\r\n<SOAP:Envelope xmlns:SOAP=\"http:"
                            + "//schemas.xmlsoap.org/soap/envelope/\"><SOAP:Header>")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            // ... and nothing more: the server must give up on this upload and close the connection
            String answer = awaitClosed(socket, Duration.ofSeconds(60));
            System.out.println("stalled upload closed by the node; it answered: "
                    + (answer.isEmpty()
                            ? "(nothing)"
                            : answer.lines().findFirst().orElse("")));
            // if the node answers at all, it says the request timed out, not that it failed itself
            assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"))
                    .as(answer)
                    .isTrue();
        }
        assertThat(exchangeOneMessage()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    @Test
    void aConnectionThatCarriedARequestRestsPastTheIdleTimeoutAndAStalledUploadOnItIsStillCutOff() throws Exception {
        try (SSLSocket resting = connect()) {
            assertThat(exchange(resting)).startsWith("HTTP/1.1 ");
            // a connection opened after the request and never used: its closing marks that the idle timeout passed
            try (SSLSocket unused = connect()) {
                awaitClosed(unused, Duration.ofSeconds(60));
            }
            // limits.keep-alive-timeout (2 minutes by default) applies between requests: the first one is still open
            assertThat(exchange(resting))
                    .as("a second request on the resting connection")
                    .startsWith("HTTP/1.1 ");

            // while a request is read, the idle timeout applies again: a stalled upload is cut off long before 2 min
            resting.getOutputStream()
                    .write(("POST /ebms HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                                    + "SOAPAction: \"ebXML\"\r\nContent-Length: 100000\r\n\r\n<SOAP:Envelope")
                            .getBytes(StandardCharsets.US_ASCII));
            resting.getOutputStream().flush();
            String answer = awaitClosed(resting, Duration.ofSeconds(60));
            assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"))
                    .as(answer)
                    .isTrue();
        }
    }

    /**
     * Sends one complete request (a post that is not an ebMS message, which the endpoint refuses with an ebMS error)
     * and reads the whole answer; returns its head.
     */
    private static String exchange(SSLSocket socket) throws IOException {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /ebms HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=UTF-8\r\n"
                        + "SOAPAction: \"ebXML\"\r\nContent-Length: 4\r\n\r\n<x/>")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the node closed the connection; it answered: " + head);
            }
            head.append((char) b);
        }
        long length = head.toString()
                .lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("an answer without Content-Length: " + head));
        assertThat(in.readNBytes((int) length)).hasSize((int) length);
        assertThat(head.toString().toLowerCase(Locale.ROOT)).doesNotContain("connection: close");
        return head.toString();
    }

    @Test
    void twoHundredIdleTlsConnectionsDoNotStopTheNodeFromServingAMessage() throws Exception {
        Runtime rt = Runtime.getRuntime();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        List<SSLSocket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                idle.add(connect()); // handshake completed, then nothing is sent
            }
            assertThat(exchangeOneMessage()).isEqualTo(MessageStatus.ACKNOWLEDGED);
            long heapWith = rt.totalMemory() - rt.freeMemory();
            System.out.printf(
                    "200 idle TLS connections open; a message was received and acknowledged meanwhile"
                            + " (heap of this JVM, both nodes: %d MiB before, %d MiB with them)%n",
                    heapBefore >> 20, heapWith >> 20);
            for (SSLSocket s : idle) {
                awaitClosed(s, Duration.ofSeconds(60)); // the idle timeout reclaims every one of them
            }
        } finally {
            for (SSLSocket s : idle) {
                s.close();
            }
        }
        assertThat(exchangeOneMessage()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    @Test
    void aRequestHeadTrickledInAByteAtATimeIsCutOffAfterTheHeadDeadline() throws Exception {
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (SSLSocket socket = connect()) {
            trickle(trickler, List.of(socket));

            String answer = awaitClosed(socket, Duration.ofSeconds(60));

            assertThat(answer)
                    .as("the node closes without answering a head that never ends")
                    .isEmpty();
        } finally {
            trickler.shutdownNow();
        }
        assertThat(exchangeOneMessage()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    @Test
    void twentyTricklingConnectionsAreAllCutOffAndHoldNoThreadEach() throws Exception {
        int connections = 20;
        long threadsBefore = httpThreads();
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(connect());
            }
            trickle(trickler, sockets);
            long most = threadsBefore;
            for (SSLSocket s : sockets) {
                most = Math.max(most, httpThreads());
                awaitClosed(s, Duration.ofSeconds(60));
            }
            System.out.printf(
                    "%d trickling connections cut off; HTTP threads of both nodes: %d before, at most %d "
                            + "while they trickled%n",
                    connections, threadsBefore, most);
            // no thread is held per trickling connection (the pool grows a little with the reads, then shrinks)
            assertThat(most - threadsBefore).isLessThan(connections);
        } finally {
            trickler.shutdownNow();
            for (SSLSocket s : sockets) {
                s.close();
            }
        }
        assertThat(exchangeOneMessage()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    /**
     * Sends a request line and then one header byte per socket every {@link #TRICKLE_INTERVAL}, for ever; the sockets
     * take turns, spread over the interval, as a slow client's bytes arrive (all at the same instant, they would ask
     * the node for a burst of parallel reads, which any server meets with more threads for a moment).
     */
    private static void trickle(ScheduledExecutorService trickler, List<SSLSocket> sockets) throws IOException {
        for (SSLSocket s : sockets) {
            s.getOutputStream()
                    .write("POST /ebms HTTP/1.1\r\nHost: localhost\r\nX-Trickle: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        AtomicInteger turn = new AtomicInteger();
        trickler.scheduleAtFixedRate(
                () -> {
                    SSLSocket s = sockets.get(turn.getAndIncrement() % sockets.size());
                    try {
                        s.getOutputStream().write('a');
                        s.getOutputStream().flush();
                    } catch (IOException closed) {
                        // the node closed this one; the others go on
                    }
                },
                0,
                Math.max(1, TRICKLE_INTERVAL.toMillis() / sockets.size()),
                TimeUnit.MILLISECONDS);
    }

    /** Threads of the nodes' HTTP pools (both nodes of the chain run in this JVM). */
    private static long httpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dkgw-http"))
                .count();
    }

    private MessageStatus exchangeOneMessage() throws Exception {
        StoredMessage sent = chain.consumer()
                .submit(new Submission(
                        chain.cpaId(Profile.OSB_RM),
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        List.of(new Submission.Part(
                                "text/plain", "still serving".getBytes(StandardCharsets.UTF_8), null)),
                        null,
                        null,
                        null));
        await("acknowledgment of " + sent.messageId())
                .atMost(Duration.ofSeconds(60))
                .until(() -> chain.consumer()
                                .report(sent.messageId())
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.ACKNOWLEDGED);
        return chain.consumer().report(sent.messageId()).orElseThrow().message().status();
    }

    private SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) peerTls.getSocketFactory()
                .createSocket(FreePort.loopback(), chain.provider().ebmsPort());
        socket.startHandshake();
        return socket;
    }

    /** Reads until the server closes the connection; returns what it sent. */
    private static String awaitClosed(SSLSocket socket, Duration atMost) throws IOException {
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[4096];
        await("the node to close the connection")
                .atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    try {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return true;
                        }
                        received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        return false;
                    } catch (SocketTimeoutException stillOpen) {
                        return false;
                    } catch (IOException reset) {
                        return true; // closed with a reset or a TLS close
                    }
                });
        return received.toString();
    }
}
