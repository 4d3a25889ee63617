package nl.dkgw.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.inbound.EbmsTestClient.Answer;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request bodies over {@code limits.spool-threshold-bytes} are written to {@code limits.spool-dir} while they are
 * processed, over real mutual TLS between two nodes (H2): the provider spools everything over 4 KiB. A spooled message
 * arrives intact (signed ones verify from the file), and the spool directory is empty again after every request:
 * accepted, refused as too large, malformed, or stopped half way.
 */
@Slow
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpooledInboundTest {

    private static final long THRESHOLD = 4096;
    private static final long MAX_MESSAGE = 1024 * 1024;
    /** limits.max-message-bytes-by-cpa of the osb-rm-s CPA: larger than the node's own limit. */
    private static final long LARGER_FOR_SIGNED = 2 * 1024 * 1024;

    private LocalChain chain;
    private Path spool;
    private EbmsTestClient client;
    private DeliveryChannel channel;

    @BeforeAll
    void startChain(@TempDir Path dir) throws Exception {
        spool = dir.resolve("provider-spool");
        chain = LocalChain.start(
                dir.resolve("chain"),
                java.util.Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM, Profile.OSB_RM_S),
                SyncReplyMode.NONE);
        chain.restart(
                LocalChain.PROVIDER.name(),
                c -> new GatewayConfig(
                        c.node(),
                        c.ebms(),
                        c.admin(),
                        c.tls(),
                        c.database(),
                        c.delivery(),
                        new GatewayConfig.Limits(
                                MAX_MESSAGE,
                                0,
                                Duration.ofSeconds(2),
                                0,
                                null,
                                null,
                                THRESHOLD,
                                spool.toString(),
                                java.util.Map.of(chain.cpaId(Profile.OSB_RM_S), LARGER_FOR_SIGNED),
                                null),
                        c.cpa(),
                        c.security(),
                        c.retention()));
        TestPki pki = chain.pki();
        client = new EbmsTestClient(
                pki.keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                TrustAnchors.fromKeyStore(pki.trustStore(), pki.password()),
                chain.provider().ebmsPort());
        Cpa cpa = chain.provider().cpas().find(chain.cpaId(Profile.OSB_RM)).orElseThrow();
        channel = cpa.resolve(
                party(cpa, LocalChain.CONSUMER),
                party(cpa, LocalChain.PROVIDER),
                LocalChain.serviceName(Profile.OSB_RM),
                LocalChain.TO_PROVIDER);
    }

    @AfterAll
    void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Profile.class,
            names = {"OSB_RM", "OSB_RM_S"})
    void aMessageOverTheThresholdArrivesIntactAndItsSpoolFileIsGone(Profile profile) throws Exception {
        byte[] payload = new byte[300_000];
        new Random(profile.ordinal()).nextBytes(payload);
        StoredMessage sent = chain.consumer()
                .submit(new Submission(
                        chain.cpaId(profile),
                        LocalChain.serviceName(profile),
                        LocalChain.TO_PROVIDER,
                        List.of(new Submission.Part("application/octet-stream", payload, null)),
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
        StoredMessage received = chain.provider().received(chain.cpaId(profile), null, 1000).stream()
                .filter(m -> m.messageId().equals(sent.messageId()))
                .findFirst()
                .orElseThrow();
        assertThat(chain.provider().fetch(received.pk()).orElseThrow().payloads())
                .singleElement()
                .satisfies(p -> assertThat(p.data()).isEqualTo(payload));
        assertThat(spooledFiles()).isEmpty();
    }

    @Test
    void aCpaWithALimitOfItsOwnTakesMessagesOverTheNodesLimitAndOthersAreRefusedWith413() throws Exception {
        byte[] payload = new byte[(int) (MAX_MESSAGE * 3 / 2)];
        new Random(11).nextBytes(payload);

        StoredMessage signed = submit(Profile.OSB_RM_S, payload);
        StoredMessage plain = submit(Profile.OSB_RM, payload);

        awaitStatus(signed, MessageStatus.ACKNOWLEDGED);
        awaitStatus(plain, MessageStatus.FAILED);
        assertThat(chain.consumer().report(plain.messageId()).orElseThrow().attempts())
                .extracting(DeliveryAttempt::httpStatus)
                .containsExactly(413);
        assertThat(chain.provider().report(plain.messageId())).isEmpty();
        assertThat(spooledFiles()).isEmpty();
    }

    private StoredMessage submit(Profile profile, byte[] payload) throws Exception {
        return chain.consumer()
                .submit(new Submission(
                        chain.cpaId(profile),
                        LocalChain.serviceName(profile),
                        LocalChain.TO_PROVIDER,
                        List.of(new Submission.Part("application/octet-stream", payload, null)),
                        null,
                        null,
                        null));
    }

    private void awaitStatus(StoredMessage sent, MessageStatus status) {
        await(status + " of " + sent.messageId())
                .atMost(Duration.ofSeconds(60))
                .until(() -> chain.consumer()
                                .report(sent.messageId())
                                .orElseThrow()
                                .message()
                                .status()
                        == status);
    }

    @Test
    void aChunkedBodyOverTheMessageLimitIsRefusedAndLeavesNoFile() throws Exception {
        InboundMessage big = withPayloadOf((int) MAX_MESSAGE + 100_000);

        Answer answer = client.send(big.post().chunkedBody());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.text()).contains("exceeds the limit of " + MAX_MESSAGE);
        assertThat(spooledFiles()).isEmpty();
        assertThat(chain.provider().report(big.messageId)).isEmpty();
    }

    @Test
    void aMalformedSpooledBodyIsAMimeProblemAndLeavesNoFile() throws Exception {
        InboundMessage m = withPayloadOf(50_000);
        byte[] body = m.body();
        byte[] truncated = Arrays.copyOf(body, body.length - 200); // the closing boundary is missing

        Answer answer = client.send(EbmsTestClient.Post.of(m.httpContentType(), truncated));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.MimeProblem));
        assertThat(spooledFiles()).isEmpty();
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    void aBodyThatStopsHalfWayIsSpooledWhileItComesAndDeletedWhenItTimesOut() throws Exception {
        InboundMessage m = withPayloadOf(100_000);
        byte[] body = m.body();
        byte[] firstHalf = Arrays.copyOf(body, body.length / 2);

        CompletableFuture<Answer> stalled = CompletableFuture.supplyAsync(() -> {
            try {
                return client.sendIncomplete(m.httpContentType(), "Content-Length: " + body.length, firstHalf);
            } catch (IOException e) {
                return null; // the node closed the connection: what matters is the spool directory
            }
        });

        await("the body being written to the spool directory")
                .atMost(Duration.ofSeconds(20))
                .until(() -> !spooledFiles().isEmpty());
        await("the stalled body deleted after the idle timeout")
                .atMost(Duration.ofSeconds(30))
                .until(() -> spooledFiles().isEmpty());
        Answer answer = stalled.get();
        if (answer != null) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
        }
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    void aSpoolDirectoryThatCannotBeWrittenIsAnswered503AndLeavesNothing() throws Exception {
        Path moved = spool.resolveSibling("provider-spool-moved");
        Files.createDirectories(spool);
        Files.move(spool, moved);
        Files.writeString(spool, "not a directory"); // every new spool file now fails, as on a full disk
        try {
            InboundMessage m = withPayloadOf(50_000);

            Answer answer = client.send(m.post());

            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.text()).contains("cannot store the message body now");
            assertThat(chain.provider().report(m.messageId)).isEmpty();
        } finally {
            Files.delete(spool);
            Files.move(moved, spool);
        }
        assertThat(spooledFiles()).isEmpty();
    }

    private InboundMessage withPayloadOf(int bytes) {
        InboundMessage m = InboundMessage.valid(channel);
        byte[] data = new byte[bytes];
        Arrays.fill(data, (byte) 'x');
        m.addPayload(new InboundMessage.Part("large-" + m.messageId, "application/octet-stream", data));
        return m;
    }

    private List<Path> spooledFiles() throws IOException {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    private static PartyId party(Cpa cpa, LocalChain.Party party) {
        return cpa.parties().stream()
                .filter(p -> p.oinWithoutEnvironmentSuffix().equals(party.oin()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no party " + party + " in " + cpa));
    }
}
