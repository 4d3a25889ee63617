package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.StoredReceived;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two real nodes over mutual TLS on loopback exchange osb-rm and osb-be messages with several payloads. */
@Slow
class TwoNodeExchangeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ChainDatabase.class)
    void reliableAndBestEffortMessagesTravelBothWaysWithAllTheirPayloads(ChainDatabase database) throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir,
                database.jdbcUrls(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM, Profile.OSB_BE),
                SyncReplyMode.NONE)) {
            List<StoredMessage> sent = new ArrayList<>();
            byte[] binary = new byte[70_000];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (i * 31);
            }
            for (Profile profile : List.of(Profile.OSB_RM, Profile.OSB_BE)) {
                String cpaId = chain.cpaId(profile);
                sent.add(chain.consumer()
                        .submit(Submission.of(
                                cpaId,
                                LocalChain.serviceName(profile),
                                LocalChain.TO_PROVIDER,
                                Submission.Part.of("application/xml", "<a>1</a>".getBytes(StandardCharsets.UTF_8)),
                                Submission.Part.of("application/octet-stream", binary),
                                Submission.Part.of("text/plain", "third".getBytes(StandardCharsets.UTF_8)))));
                sent.add(chain.provider()
                        .submit(Submission.of(
                                cpaId,
                                LocalChain.serviceName(profile),
                                LocalChain.TO_CONSUMER,
                                Submission.Part.of("application/xml", "<b>2</b>".getBytes(StandardCharsets.UTF_8)))));
            }
            for (StoredMessage m : sent) {
                Gateway sender =
                        m.fromParty().endsWith(LocalChain.CONSUMER.oin()) ? chain.consumer() : chain.provider();
                MessageStatus expected =
                        "osb-rm".equals(m.profile()) ? MessageStatus.ACKNOWLEDGED : MessageStatus.DELIVERED;
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(sender.report(m.messageId())
                                        .orElseThrow()
                                        .message()
                                        .status())
                                .isEqualTo(expected));
            }
            assertThat(chain.provider().report(sent.get(0).messageId())).isPresent();
            List<StoredMessage> atProvider = chain.provider().received(null, MessageStatus.RECEIVED, 100);
            assertThat(atProvider)
                    .extracting(StoredMessage::messageId)
                    .containsExactlyInAnyOrder(
                            sent.get(0).messageId(), sent.get(2).messageId());
            StoredReceived rm = chain.provider()
                    .fetch(atProvider.stream()
                            .filter(m -> m.messageId().equals(sent.get(0).messageId()))
                            .findFirst()
                            .orElseThrow()
                            .pk())
                    .orElseThrow();
            assertThat(rm.payloads()).hasSize(3);
            assertThat(rm.payloads().get(0).data()).isEqualTo("<a>1</a>".getBytes(StandardCharsets.UTF_8));
            assertThat(rm.payloads().get(1).data()).isEqualTo(binary);
            assertThat(rm.payloads().get(1).contentType()).startsWith("application/octet-stream");
            assertThat(rm.message().profile()).isEqualTo("osb-rm");
            assertThat(chain.consumer().received(null, null, 100))
                    .extracting(StoredMessage::messageId)
                    .containsExactlyInAnyOrder(
                            sent.get(1).messageId(), sent.get(3).messageId());
            assertThat(chain.consumer()
                            .report(sent.get(0).messageId())
                            .orElseThrow()
                            .hasReceipt())
                    .isTrue();

            assertThat(chain.provider().markProcessed(rm.message().pk())).isTrue();
            assertThat(chain.provider().markProcessed(rm.message().pk())).isFalse();
            assertThat(chain.provider().received(null, MessageStatus.RECEIVED, 100))
                    .hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyProfileDeliversZeroOneOrSeveralPayloadsUnchangedWithSignatureAndReceiptWhereAgreed(Profile profile)
            throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(profile), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(profile);
            byte[] binary = new byte[5000];
            new Random(7).nextBytes(binary);
            for (int payloads = 0; payloads <= 2; payloads++) {
                List<Submission.Part> parts = new ArrayList<>();
                for (int i = 0; i < payloads; i++) {
                    parts.add(Submission.Part.of(
                            i == 0 ? "application/octet-stream" : "application/xml",
                            i == 0 ? binary : "<x/>".getBytes(StandardCharsets.UTF_8)));
                }
                StoredMessage m = chain.consumer()
                        .submit(new Submission(
                                cpaId,
                                LocalChain.serviceName(profile),
                                LocalChain.TO_PROVIDER,
                                parts,
                                null,
                                null,
                                null));
                MessageStatus expected = profile.reliable() ? MessageStatus.ACKNOWLEDGED : MessageStatus.DELIVERED;
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(chain.consumer()
                                        .report(m.messageId())
                                        .orElseThrow()
                                        .message()
                                        .status())
                                .isEqualTo(expected));
                String sent = new String(
                        NodeInternals.store(chain.consumer()).messages().envelope(m.pk()), StandardCharsets.UTF_8);
                if (profile.signed()) {
                    assertThat(sent).contains("SignatureValue").contains("rsa-sha256");
                } else {
                    assertThat(sent).doesNotContain("SignatureValue");
                }
                StoredMessage received = chain.provider().received(cpaId, null, 10).stream()
                        .filter(r -> r.messageId().equals(m.messageId()))
                        .findFirst()
                        .orElseThrow();
                var delivered =
                        chain.provider().fetch(received.pk()).orElseThrow().payloads();
                assertThat(delivered).hasSize(payloads);
                for (int i = 0; i < payloads; i++) {
                    assertThat(delivered.get(i).data()).isEqualTo(parts.get(i).data());
                    assertThat(delivered.get(i).contentType())
                            .startsWith(parts.get(i).contentType());
                }
                if (profile.encrypted() && payloads > 0) {
                    byte[] onTheWire = NodeInternals.store(chain.consumer())
                            .payloads()
                            .of(m.pk())
                            .get(0)
                            .data();
                    assertThat(new String(onTheWire, StandardCharsets.ISO_8859_1))
                            .contains("EncryptedData")
                            .contains("aes128-gcm")
                            .contains("rsa-oaep");
                }
                if (profile.reliable()) {
                    // the provider keeps its Acknowledgment with the message it answers, not as a row of its own
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(NodeInternals.queries(chain.provider())
                                            .signalsAbout(cpaId, m.messageId()))
                                    .extracting(StoredMessage::action, StoredMessage::direction, StoredMessage::status)
                                    .containsExactly(
                                            Tuple.tuple("Acknowledgment", Direction.OUT, MessageStatus.DELIVERED)));
                    assertThat(NodeInternals.store(chain.provider())
                                    .messages()
                                    .list(Direction.OUT, MessageKind.SIGNAL, null, 10))
                            .isEmpty();
                }
                if (profile.reliable() && profile.signed()) {
                    String receipt = new String(
                            NodeInternals.store(chain.consumer()).messages().receipt(m.pk()), StandardCharsets.UTF_8);
                    assertThat(receipt)
                            .contains("Acknowledgment")
                            .contains("SignatureValue")
                            .contains("Reference");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = SyncReplyMode.class,
            names = {"NONE", "MSH_SIGNALS_ONLY"})
    void acknowledgmentsComeBackSynchronouslyOrAsynchronouslyAsTheCpaSays(SyncReplyMode mode) throws Exception {
        try (LocalChain chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), mode)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            StoredMessage m = chain.consumer()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            // with a synchronous acknowledgment the scheduler applies it before it writes the attempt that carried it
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !chain.consumer()
                            .report(m.messageId())
                            .orElseThrow()
                            .attempts()
                            .isEmpty());
            var attempts = chain.consumer().report(m.messageId()).orElseThrow().attempts();
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).outcome())
                    .isEqualTo(mode == SyncReplyMode.MSH_SIGNALS_ONLY ? "ACKNOWLEDGED" : "ACCEPTED");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Profile.class,
            names = {"OSB_RM", "OSB_BE", "OSB_RM_S", "OSB_BE_E"})
    void pingIsAnsweredWithPongBothWaysSignedOnSignedLinks(Profile profile) throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(profile), SyncReplyMode.NONE)) {
            PingResult there = chain.consumer().ping(chain.cpaId(profile), Duration.ofSeconds(10));
            PingResult back = chain.provider().ping(chain.cpaId(profile), Duration.ofSeconds(10));
            assertThat(there.pong()).as(there.detail()).isTrue();
            assertThat(back.pong()).as(back.detail()).isTrue();
            assertThat(there.detail()).contains(LocalChain.PROVIDER.oin());
        }
    }

    @Test
    void aStatusRequestTellsWhetherThePeerReceivedAndProcessedAMessage() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            StoredMessage m = chain.provider()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_CONSUMER,
                            Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.provider()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status()
                            == MessageStatus.ACKNOWLEDGED);
            assertThat(chain.provider()
                            .statusRequest(cpaId, m.messageId(), Duration.ofSeconds(10))
                            .messageStatus())
                    .isEqualTo("Received");
            StoredMessage atConsumer =
                    chain.consumer().received(cpaId, null, 10).get(0);
            chain.consumer().markProcessed(atConsumer.pk());
            assertThat(chain.provider()
                            .statusRequest(cpaId, m.messageId(), Duration.ofSeconds(10))
                            .messageStatus())
                    .isEqualTo("Processed");
            assertThat(chain.consumer()
                            .statusRequest(cpaId, "never-sent@x", Duration.ofSeconds(10))
                            .messageStatus())
                    .isEqualTo("NotRecognized");
            // the consumer did not send that message, so it may not learn its status
            assertThat(chain.consumer()
                            .statusRequest(cpaId, m.messageId(), Duration.ofSeconds(10))
                            .messageStatus())
                    .isIn("NotRecognized", "UnAuthorized");
        }
    }

    @Test
    void aSubmissionForAnUnknownCpaOrActionIsRefusedWithAReason() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            assertThatThrownBy(() -> chain.consumer().submit(Submission.of("nope", "svc", "act")))
                    .isInstanceOf(SubmissionException.class)
                    .hasMessageContaining("'nope' is not known");
            assertThatThrownBy(() -> chain.consumer()
                            .submit(Submission.of(
                                    chain.cpaId(Profile.OSB_RM),
                                    LocalChain.serviceName(Profile.OSB_RM),
                                    "NoSuchAction")))
                    .isInstanceOf(SubmissionException.class)
                    .hasMessageContaining("NoSuchAction");
        }
    }
}
