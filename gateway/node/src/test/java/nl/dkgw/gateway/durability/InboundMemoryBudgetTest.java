package nl.dkgw.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.http.InboundMemoryBudget;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The inbound memory budget ({@code limits.max-inflight-bytes}) at a real node over real TLS: the receiving node may
 * hold 6 MiB of received messages, so (times the expansion factor of 6) a body of at most 1 MiB, while its
 * {@code limits.max-message-bytes} stays at the default 20 MiB. Both nodes in this JVM (H2), shared by the tests.
 */
@Slow
class InboundMemoryBudgetTest {

    private static final long BUDGET = 6L * 1024 * 1024;
    private static final long LARGEST_BODY = BUDGET / InboundMemoryBudget.EXPANSION_FACTOR;

    @TempDir
    static Path dir;

    static LocalChain chain;
    static SSLContext peerTls;
    static final ListAppender<ILoggingEvent> budgetLogs = new ListAppender<>();

    @BeforeAll
    static void startChain() throws Exception {
        budgetLogs.start();
        ((Logger) LoggerFactory.getLogger(InboundMemoryBudget.class)).addAppender(budgetLogs);
        chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE);
        chain.restart(
                LocalChain.PROVIDER.name(),
                c -> new GatewayConfig(
                        c.node(),
                        c.ebms(),
                        c.admin(),
                        c.tls(),
                        c.database(),
                        c.delivery(),
                        new GatewayConfig.Limits(0, 0, null, BUDGET, Duration.ofSeconds(1), null, 0, null, null, null),
                        c.cpa(),
                        c.security(),
                        c.retention()));
        peerTls = TlsContexts.create(
                chain.pki().keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                chain.pki().trustAnchors(),
                CertificateValidator.trustAnchorsOnly(chain.pki().trustAnchors()));
    }

    @AfterAll
    static void stopChain() {
        ((Logger) LoggerFactory.getLogger(InboundMemoryBudget.class)).detachAppender(budgetLogs);
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void startUpWarnsThatTheLargestAllowedMessageCannotBeHeld() {
        List<String> warnings = budgetLogs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("cannot be held by this heap") && m.contains(String.valueOf(BUDGET)))
                .toList();
        System.out.println("start-up warning: " + warnings);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains(String.valueOf(20L * 1024 * 1024))
                .contains(String.valueOf(BUDGET))
                .contains(String.valueOf(LARGEST_BODY));
    }

    @Test
    void aMessageTheMemoryCannotHoldIsRefusedWith413AndTheNodeKeepsReceiving() throws Exception {
        byte[] body = new byte[(int) LARGEST_BODY + 1];
        Arrays.fill(body, (byte) 'x');

        Answer declared = post(body, false);
        System.out.println("declared " + body.length + " bytes: " + declared.statusLine() + " / " + declared.text());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.text())
                .contains("cannot be held in this node's memory")
                .contains("Digikoppeling Grote Berichten")
                .contains("heap");
        assertThat(declared.text().strip().lines()).hasSize(1);

        Answer chunked = post(body, true);
        System.out.println("chunked " + body.length + " bytes: " + chunked.statusLine() + " / " + chunked.text());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.text()).contains("cannot be held in this node's memory");

        byte[] largest = new byte[(int) LARGEST_BODY];
        Arrays.fill(largest, (byte) ' ');
        Answer fits = post(largest, true);
        System.out.println("chunked " + largest.length + " bytes: " + fits.statusLine());
        assertThat(fits.status())
                .as("the largest body the budget holds is taken in (and then found not to be ebMS)")
                .isNotIn(413, 503);

        // the same message through the gateways ends FAILED at once: the peer refused it for good
        StoredMessage tooLarge = submit((int) LARGEST_BODY + 1);
        await("the refusal of " + tooLarge.messageId())
                .atMost(Duration.ofSeconds(60))
                .until(() -> chain.consumer()
                                .report(tooLarge.messageId())
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.FAILED);
        assertThat(chain.consumer().report(tooLarge.messageId()).orElseThrow().attempts())
                .extracting(DeliveryAttempt::httpStatus)
                .containsExactly(413);

        StoredMessage small = submit(1024);
        awaitAcknowledged(small);
    }

    @Test
    void requestsThatTogetherExceedTheBudgetAreAnswered503AndArriveThroughTheSendersRetries() throws Exception {
        long heldBody = LARGEST_BODY * 9 / 10;
        List<StoredMessage> sent = new ArrayList<>();
        try (SSLSocket holder = connect()) {
            // an upload that declares 0.9 MiB and sends part of it: its share of the budget is held meanwhile
            OutputStream out = holder.getOutputStream();
            out.write(("POST /ebms HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=UTF-8\r\n"
                            + "SOAPAction: \"ebXML\"\r\nContent-Length: " + heldBody + "\r\n\r\n<SOAP:Envelope")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();

            byte[] probe = new byte[(int) (LARGEST_BODY / 4)];
            Arrays.fill(probe, (byte) ' ');
            Answer busy = await("a 503 while the upload holds the budget")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> post(probe, false), a -> a.status() == 503);
            System.out.println("beside the held upload: " + busy.statusLine() + " Retry-After: "
                    + busy.header("retry-after") + " / " + busy.text());
            assertThat(busy.header("retry-after")).matches("[1-9][0-9]*");
            assertThat(busy.text()).contains("try again later");

            for (int i = 0; i < 3; i++) {
                sent.add(submit((int) (LARGEST_BODY * 2 / 3)));
            }
            for (StoredMessage m : sent) {
                await("a 503 attempt for " + m.messageId())
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> chain.consumer().report(m.messageId()).orElseThrow().attempts().stream()
                                .anyMatch(a -> Integer.valueOf(503).equals(a.httpStatus())));
            }
        } // the held upload goes away: its share returns to the budget
        for (StoredMessage m : sent) {
            awaitAcknowledged(m);
        }
        assertThat(chain.provider().received(chain.cpaId(Profile.OSB_RM), MessageStatus.RECEIVED, 1000))
                .extracting(StoredMessage::messageId)
                .containsAll(sent.stream().map(StoredMessage::messageId).toList());
    }

    private static StoredMessage submit(int payloadBytes) throws Exception {
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'p');
        return chain.consumer()
                .submit(new Submission(
                        chain.cpaId(Profile.OSB_RM),
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        List.of(new Submission.Part("text/plain", payload, null)),
                        null,
                        null,
                        null));
    }

    private static void awaitAcknowledged(StoredMessage sent) {
        await("acknowledgment of " + sent.messageId())
                .atMost(Duration.ofSeconds(60))
                .until(() -> chain.consumer()
                                .report(sent.messageId())
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.ACKNOWLEDGED);
    }

    /** An HTTP answer read off the socket. */
    record Answer(String statusLine, Map<String, String> headers, String text) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    /** Posts {@code body} to the provider's ebMS endpoint, with a Content-Length or chunked, and reads the answer. */
    private static Answer post(byte[] body, boolean chunked) throws IOException {
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ebms HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=UTF-8\r\n"
                            + "SOAPAction: \"ebXML\"\r\nConnection: close\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                if (chunked) {
                    for (int at = 0; at < body.length; at += 64 * 1024) {
                        int n = Math.min(64 * 1024, body.length - at);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, at, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(body);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the node answered and closed before taking all of the body: its answer is still to be read
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException reset) {
            // what arrived before the connection closed is the answer
        }
        String raw = all.toString(StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: " + raw).isPositive();
        List<String> head = raw.substring(0, end).lines().toList();
        Map<String, String> headers = new HashMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        return new Answer(head.get(0), headers, raw.substring(end + 4));
    }

    private static SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) peerTls.getSocketFactory()
                .createSocket(FreePort.loopback(), chain.provider().ebmsPort());
        socket.startHandshake();
        return socket;
    }
}
