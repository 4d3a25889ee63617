package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.security.PartSpool;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.CreatedFiles;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part larger than the in-memory limit of encryption and decryption crosses osb-rm-e between two real nodes: it is
 * encrypted through a temporary file in the sender's {@code limits.spool-dir}, decrypted through one in the receiver's,
 * arrives with the same bytes, and neither node leaves its temporary files behind once the message is stored.
 */
@Slow
class LargeEncryptedPartExchangeTest {

    @TempDir
    Path dir;

    @Test
    void aPartLargerThanTheInMemoryLimitIsEncryptedAndDecryptedThroughFilesThatAreDeletedAfterwards() throws Exception {
        WireTap wire = new WireTap();
        try (LocalChain chain = LocalChain.start(
                        dir,
                        Map.of(),
                        Duration.ofSeconds(1),
                        List.of(Profile.OSB_RM_E),
                        SyncReplyMode.NONE,
                        c -> c,
                        wire::inFrontOf);
                CreatedFiles createdBySender = CreatedFiles.in(chain.consumer().spoolDirectory());
                CreatedFiles createdByReceiver =
                        CreatedFiles.in(chain.provider().spoolDirectory())) {
            Path senderSpool = chain.consumer().spoolDirectory();
            Path receiverSpool = chain.provider().spoolDirectory();
            assertThat(senderSpool)
                    .as("each node has a spool directory of its own")
                    .isNotEqualTo(receiverSpool)
                    .startsWith(dir);
            String cpaId = chain.cpaId(Profile.OSB_RM_E);
            String service = LocalChain.serviceName(Profile.OSB_RM_E);
            byte[] large = new byte[3 * PartSpool.DEFAULT_IN_MEMORY_LIMIT + 123];
            new Random(17).nextBytes(large);
            byte[] small = "<klein/>".getBytes(StandardCharsets.UTF_8);

            StoredMessage sent = chain.consumer()
                    .submit(Submission.of(
                            cpaId,
                            service,
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("application/octet-stream", large),
                            Submission.Part.of("application/xml", small)));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(createdBySender.names())
                            .as("the sender encrypts the large part through a file in its limits.spool-dir")
                            .anyMatch(n -> n.matches("dkgw-encrypted-.*\\.part")));
            assertThat(spoolFiles(senderSpool))
                    .as("the sender deletes its encrypted part's file once the message is stored")
                    .isEmpty();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(sent.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));

            List<byte[]> received = payloads(chain.provider(), cpaId, sent);
            assertThat(sha256(received.get(0))).isEqualTo(sha256(large));
            assertThat(received.get(1)).isEqualTo(small);
            assertThat(wire.posts())
                    .anySatisfy(post -> assertThat(post)
                            .contains("#aes128-gcm")
                            .contains("&#13;\n")
                            .doesNotContain("<klein/>"));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(createdByReceiver.names())
                            .as("the receiver decrypts the large part through a file in its limits.spool-dir")
                            .anyMatch(n -> n.matches("dkgw-decrypted-.*\\.part")));
            // the receiver deletes its file once it stored the plaintext, before the Acknowledgment is even queued: no
            // waiting for the safety net that deletes unreachable ones
            assertThat(spoolFiles(receiverSpool))
                    .as("temporary part files left behind")
                    .isEmpty();
            assertThat(spoolFiles(senderSpool))
                    .as("temporary part files left behind")
                    .isEmpty();
        }
    }

    private static Set<Path> spoolFiles(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().matches("dkgw-(en|de)crypted-.*\\.part"))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static List<byte[]> payloads(Gateway receiver, String cpaId, StoredMessage sent) {
        StoredMessage received = receiver.received(cpaId, null, 10).stream()
                .filter(r -> r.messageId().equals(sent.messageId()))
                .findFirst()
                .orElseThrow();
        return receiver.fetch(received.pk()).orElseThrow().payloads().stream()
                .map(p -> p.data())
                .toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
