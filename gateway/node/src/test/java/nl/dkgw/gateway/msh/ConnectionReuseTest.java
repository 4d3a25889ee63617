package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two real nodes over mutual TLS on loopback: the messages of a link, and their acknowledgments, travel over kept-alive
 * connections, a handful of TLS handshakes for many messages, as counted by the nodes' own metrics.
 */
@Slow
class ConnectionReuseTest {

    private static final int MESSAGES = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = SyncReplyMode.class,
            names = {"NONE", "MSH_SIGNALS_ONLY"})
    void fiftyReliableMessagesNeedNoMoreConnectionsThanTheSenderHasDeliveryWorkers(SyncReplyMode mode)
            throws Exception {
        try (LocalChain chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), mode)) {
            sendAndAwaitAcknowledgments(chain, MESSAGES);
            int bound = chain.consumer().config().delivery().workers() + 2;

            assertThat(handshakes(chain.provider())).isBetween(1.0, (double) bound);
            assertThat(connectionsOpened(chain.consumer())).isBetween(1.0, (double) bound);
            if (mode == SyncReplyMode.NONE) { // the acknowledgments are posted back, over the provider's own pool
                assertThat(handshakes(chain.consumer())).isBetween(1.0, (double) bound);
                assertThat(connectionsOpened(chain.provider())).isBetween(1.0, (double) bound);
            } else { // they come back on the answers: the provider opens no connection at all
                assertThat(handshakes(chain.consumer())).isZero();
                assertThat(connectionsOpened(chain.provider())).isZero();
            }
            assertThat(failedHandshakes(chain.provider())).isZero();
        }
    }

    @Test
    void aReceiverThatClosesEveryConnectionIsSeenToCostAHandshakePerMessage() throws Exception {
        int messages = 10;
        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM),
                SyncReplyMode.MSH_SIGNALS_ONLY,
                c -> c,
                ConnectionReuseTest::closingEveryConnection)) {
            sendAndAwaitAcknowledgments(chain, messages);

            assertThat(handshakes(chain.provider())).isGreaterThanOrEqualTo(messages);
            assertThat(connectionsOpened(chain.consumer())).isGreaterThanOrEqualTo(messages);
        }
    }

    @Test
    void aHandshakeTheReceiverRefusesIsCountedAsFailed() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.MSH_SIGNALS_ONLY)) {
            // the JDK's default context: no client certificate, and the test CA is not among its anchors
            try (SSLSocket socket = (SSLSocket) SSLContext.getDefault()
                    .getSocketFactory()
                    .createSocket("localhost", chain.provider().ebmsPort())) {
                socket.setSoTimeout(30_000);
                assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> failedHandshakes(chain.provider()) == 1.0);
            assertThat(handshakes(chain.provider())).isZero();
        }
    }

    private static void sendAndAwaitAcknowledgments(LocalChain chain, int messages) throws SubmissionException {
        String cpaId = chain.cpaId(Profile.OSB_RM);
        List<StoredMessage> sent = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            sent.add(chain.consumer()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of(
                                    "application/xml", ("<n>" + i + "</n>").getBytes(StandardCharsets.UTF_8)))));
        }
        for (StoredMessage m : sent) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status()
                            == MessageStatus.ACKNOWLEDGED);
        }
    }

    private static Handler closingEveryConnection(Handler ebms) {
        return new Handler.Wrapper(ebms) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                return super.handle(request, response, callback);
            }
        };
    }

    private static double handshakes(Gateway node) {
        return sum(node.metrics().registry(), "dkgw.tls.handshakes", "outcome", "succeeded");
    }

    private static double failedHandshakes(Gateway node) {
        return sum(node.metrics().registry(), "dkgw.tls.handshakes", "outcome", "failed");
    }

    private static double connectionsOpened(Gateway node) {
        return sum(node.metrics().registry(), "dkgw.tls.connections.opened", "side", "client");
    }

    private static double sum(MeterRegistry registry, String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
