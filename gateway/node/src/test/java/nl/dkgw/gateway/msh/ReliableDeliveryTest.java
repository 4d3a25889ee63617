package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries until acknowledged, duplicates eliminated, idempotent submission, failure made visible. */
@Slow
class ReliableDeliveryTest {

    @TempDir
    Path dir;

    private static Submission message(LocalChain chain, int n) {
        return Submission.of(
                chain.cpaId(Profile.OSB_RM),
                LocalChain.serviceName(Profile.OSB_RM),
                LocalChain.TO_PROVIDER,
                Submission.Part.of("text/plain", ("m" + n).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void messagesSentWhileTheReceiverIsDownArriveExactlyOnceWhenItIsBack() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(500), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            chain.stop(LocalChain.PROVIDER.name());
            List<StoredMessage> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(chain.consumer().submit(message(chain, i)));
            }
            // the sender keeps trying: every message sees at least one refused connection
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (StoredMessage m : sent) {
                    assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .attempts())
                            .anyMatch(a -> a.outcome().equals("RETRYABLE"));
                }
            });
            chain.restart(LocalChain.PROVIDER.name());
            for (StoredMessage m : sent) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(chain.consumer()
                                        .report(m.messageId())
                                        .orElseThrow()
                                        .message()
                                        .status())
                                .isEqualTo(MessageStatus.ACKNOWLEDGED));
            }
            List<StoredMessage> received = chain.provider().received(null, null, 100);
            assertThat(received)
                    .extracting(StoredMessage::messageId)
                    .containsExactlyInAnyOrderElementsOf(
                            sent.stream().map(StoredMessage::messageId).toList());
        }
    }

    @Test
    void aMessageResentAfterItsAcknowledgmentWasLostIsAcknowledgedAgainButDeliveredOnce() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(300), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            // The consumer node goes away right after sending, so the provider's asynchronous acknowledgments cannot
            // reach it; when it comes back it resends, and the provider must eliminate the duplicate.
            StoredMessage m = chain.consumer().submit(message(chain, 1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !chain.provider().received(null, null, 10).isEmpty());
            chain.stop(LocalChain.CONSUMER.name());
            chain.restart(LocalChain.CONSUMER.name());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            assertThat(chain.provider().received(null, null, 10)).hasSize(1);
        }
    }

    @Test
    void aQueuedMessageFollowsTheEndpointOfAReplacedCpa() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(300), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            chain.stop(LocalChain.PROVIDER.name());
            StoredMessage m = chain.consumer().submit(message(chain, 1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !chain.consumer()
                            .report(m.messageId())
                            .orElseThrow()
                            .attempts()
                            .isEmpty());
            // the receiver comes back on another port, and a new CPA version says so
            chain.restart(
                    LocalChain.PROVIDER.name(),
                    c -> new GatewayConfig(
                            c.node(),
                            new GatewayConfig.Ebms("127.0.0.1", 0, "/ebms"),
                            c.admin(),
                            c.tls(),
                            c.database(),
                            c.delivery(),
                            c.limits(),
                            c.cpa(),
                            c.security()));
            chain.importEverywhere(chain.generateCpa(
                    Profile.OSB_RM, Duration.ofMillis(300), SyncReplyMode.NONE, LocalChain.demoActions()));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            assertThat(chain.consumer().report(m.messageId()).orElseThrow().attempts())
                    .extracting(a -> a.endpoint())
                    .contains("https://localhost:" + chain.provider().ebmsPort() + "/ebms");
        }
    }

    @Test
    void submittingTheSameApplicationMessageIdTwiceSendsItOnce() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(500), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String id = "app-event-42@ggd.example";
            StoredMessage first = chain.consumer().submit(message(chain, 1).withMessageId(id));
            StoredMessage second = chain.consumer().submit(message(chain, 1).withMessageId(id));
            assertThat(second.pk()).isEqualTo(first.pk());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(id)
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            assertThat(chain.provider().received(null, null, 10)).hasSize(1);
        }
    }

    @Test
    void aMessageThatCannotBeDeliveredWithinItsRetriesIsMarkedFailedWithTheReason() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(200), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            chain.stop(LocalChain.PROVIDER.name());
            StoredMessage m = chain.consumer().submit(message(chain, 1));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.FAILED));
            var report = chain.consumer().report(m.messageId()).orElseThrow();
            assertThat(report.attempts()).hasSize(6); // Retries 5 + the first attempt
            assertThat(report.message().statusDetail())
                    .contains("after 6 attempt(s)")
                    .contains("cannot connect");
        }
    }
}
