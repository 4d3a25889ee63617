package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.StoredReport;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MessageErrors, Pongs and StatusResponses travel the way the CPA's syncReplyMode says, between two real nodes on
 * loopback: with {@code none} as messages of their own, with {@code mshSignalsOnly} in the HTTP response; where the
 * receiver cannot tell who sent a message, in the HTTP response. A synchronous reply is read whether it comes as
 * multipart/related or as bare text/xml.
 */
@Slow
class RepliesFollowTheCpaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void withSyncReplyModeNoneErrorsPongsAndStatusResponsesComeAsMessagesOfTheirOwn() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM, Profile.OSB_BE), SyncReplyMode.NONE)) {
            Gateway consumer = chain.consumer();

            // Ping and StatusRequest go without SyncReply, so the provider answers with a message of its own, which
            // the consumer stores and matches to its request (a Pong in the HTTP response would not be stored)
            PingResult ping = consumer.ping(chain.cpaId(Profile.OSB_RM), WAIT);
            assertThat(ping.pong()).as(ping.detail()).isTrue();
            assertThat(NodeInternals.store(consumer)
                            .messages()
                            .findSignalReply(chain.cpaId(Profile.OSB_RM), ping.pingMessageId()))
                    .hasValueSatisfying(pong -> {
                        assertThat(pong.action()).isEqualTo("Pong");
                        assertThat(pong.direction()).isEqualTo(Direction.IN);
                    });
            assertThat(consumer.statusRequest(chain.cpaId(Profile.OSB_RM), "never-sent@x", WAIT)
                            .messageStatus())
                    .isEqualTo("NotRecognized");
            assertThat(NodeInternals.store(consumer).messages().list(Direction.IN, MessageKind.SIGNAL, null, 100))
                    .extracting(StoredMessage::action)
                    .contains("StatusResponse");

            // the provider's copies of the CPAs no longer let the consumer send TO_PROVIDER: it refuses the messages
            for (Profile profile : List.of(Profile.OSB_RM, Profile.OSB_BE)) {
                chain.provider()
                        .importCpa(chain.generateCpa(
                                profile,
                                Duration.ofSeconds(1),
                                SyncReplyMode.NONE,
                                List.of(new ActionSpec(
                                        LocalChain.TO_CONSUMER, ActionSpec.Direction.PROVIDER_TO_CONSUMER))));
            }
            StoredMessage reliable = submit(consumer, chain.cpaId(Profile.OSB_RM), Profile.OSB_RM);
            StoredMessage bestEffort = submit(consumer, chain.cpaId(Profile.OSB_BE), Profile.OSB_BE);
            for (StoredMessage m : List.of(reliable, bestEffort)) {
                StoredReport report = awaitFailed(consumer, m);
                assertThat(report.message().statusDetail())
                        .startsWith("MessageError from peer")
                        .contains("ValueNotRecognized");
                // the post was answered as asynchronous signals are (no MessageError in the HTTP response) ...
                assertThat(report.attempts()).hasSize(1);
                DeliveryAttempt attempt = report.attempts().get(0);
                assertThat(attempt.httpStatus()).isEqualTo(204);
                assertThat(attempt.outcome()).isNotEqualTo("ERROR");
                // ... the MessageError came as a message of its own, and nothing is tried again
                assertThat(NodeInternals.queries(consumer).signalsAbout(m.cpaId(), m.messageId()))
                        .extracting(StoredMessage::action, StoredMessage::direction)
                        .containsExactly(Tuple.tuple("MessageError", Direction.IN));
                assertThat(NodeInternals.store(consumer).deliveryTasks().find(m.pk()))
                        .isEmpty();
            }

            // a CPA the provider does not hold: it cannot tell who sent the message, so it answers in the response
            String unknownToProvider = chain.generateCpa(
                    Profile.OSB_BE_S, Duration.ofSeconds(1), SyncReplyMode.NONE, LocalChain.demoActions());
            String unknownCpaId = consumer.importCpa(unknownToProvider).cpa().cpaId();
            StoredMessage unknown = submit(consumer, unknownCpaId, Profile.OSB_BE_S);
            StoredReport report = awaitFailed(consumer, unknown);
            assertThat(report.message().statusDetail())
                    .contains("ValueNotRecognized")
                    .contains(unknownCpaId);
            assertThat(report.attempts())
                    .extracting(DeliveryAttempt::outcome, DeliveryAttempt::httpStatus)
                    .containsExactly(Tuple.tuple("ERROR", 200));
        }
    }

    @Test
    void withSyncReplyModeMshSignalsOnlyErrorsAndPongsComeInTheHttpResponse() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.MSH_SIGNALS_ONLY)) {
            Gateway consumer = chain.consumer();
            String cpaId = chain.cpaId(Profile.OSB_RM);
            PingResult ping = consumer.ping(cpaId, WAIT);
            assertThat(ping.pong()).as(ping.detail()).isTrue();
            assertThat(NodeInternals.store(consumer).messages().findSignalReply(cpaId, ping.pingMessageId()))
                    .as("a Pong in the HTTP response")
                    .isEmpty();

            chain.provider()
                    .importCpa(chain.generateCpa(
                            Profile.OSB_RM,
                            Duration.ofSeconds(1),
                            SyncReplyMode.MSH_SIGNALS_ONLY,
                            List.of(new ActionSpec(
                                    LocalChain.TO_CONSUMER, ActionSpec.Direction.PROVIDER_TO_CONSUMER))));
            StoredMessage m = submit(consumer, cpaId, Profile.OSB_RM);
            StoredReport report = awaitFailed(consumer, m);
            assertThat(report.message().statusDetail())
                    .startsWith("MessageError from peer")
                    .contains("ValueNotRecognized");
            assertThat(report.attempts())
                    .extracting(DeliveryAttempt::outcome, DeliveryAttempt::httpStatus)
                    .containsExactly(Tuple.tuple("ERROR", 200));
        }
    }

    @Test
    void aSynchronousReplyAsBareTextXmlIsUnderstood() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.MSH_SIGNALS_ONLY)) {
            int port = chain.provider().ebmsPort();
            chain.stop(LocalChain.PROVIDER.name());
            TestPki pki = chain.pki();
            KeyMaterial serverKey = KeyMaterial.fromPkcs12(pki.tlsServer(LocalChain.PROVIDER.name()), pki.password());
            try (TextXmlPeer peer = new TextXmlPeer(
                    port,
                    serverKey,
                    pki.trustAnchors(),
                    (signals, received) -> "Ping".equals(received.header().action())
                            ? signals.pong(received.header())
                            : signals.acknowledgment(received.header()))) {
                Gateway consumer = chain.consumer();
                PingResult ping = consumer.ping(chain.cpaId(Profile.OSB_RM), WAIT);
                assertThat(ping.pong()).as(ping.detail()).isTrue();

                StoredMessage m = submit(consumer, chain.cpaId(Profile.OSB_RM), Profile.OSB_RM);
                await().atMost(WAIT)
                        .until(() -> consumer.report(m.messageId())
                                        .orElseThrow()
                                        .message()
                                        .status()
                                == MessageStatus.ACKNOWLEDGED);
                await().atMost(WAIT)
                        .until(() -> !consumer.report(m.messageId())
                                .orElseThrow()
                                .attempts()
                                .isEmpty());
                assertThat(consumer.report(m.messageId()).orElseThrow().attempts())
                        .extracting(DeliveryAttempt::outcome)
                        .containsExactly("ACKNOWLEDGED");
            }
        }
    }

    private static StoredMessage submit(Gateway node, String cpaId, Profile profile) throws Exception {
        return node.submit(Submission.of(
                cpaId,
                LocalChain.serviceName(profile),
                LocalChain.TO_PROVIDER,
                Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))));
    }

    /** Waits until the message failed and its attempt is written (an answer can end it before that). */
    private static StoredReport awaitFailed(Gateway node, StoredMessage m) {
        await().atMost(WAIT).until(() -> {
            StoredReport r = node.report(m.messageId()).orElseThrow();
            return r.message().status() == MessageStatus.FAILED && !r.attempts().isEmpty();
        });
        return node.report(m.messageId()).orElseThrow();
    }
}
