package nl.dkgw.gateway.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.msh.SubmissionException;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPAs change under running nodes: a replaced CPA is used for the next message, a deleted one is refused. */
@Slow
class CpaLifecycleTest {

    @TempDir
    Path dir;

    private static Submission message(String cpaId, String action) {
        return Submission.of(
                cpaId,
                LocalChain.serviceName(Profile.OSB_RM),
                action,
                Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCpaReplacedWhileTheNodesRunIsUsedForTheNextMessage() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            assertThatThrownBy(() -> chain.consumer().submit(message(cpaId, "SendExtra")))
                    .isInstanceOf(SubmissionException.class)
                    .hasMessageContaining("SendExtra");

            List<ActionSpec> actions = new ArrayList<>(LocalChain.demoActions());
            actions.add(new ActionSpec("SendExtra", ActionSpec.Direction.CONSUMER_TO_PROVIDER));
            String replacement = chain.generateCpa(Profile.OSB_RM, Duration.ofSeconds(1), SyncReplyMode.NONE, actions);
            assertThat(chain.importEverywhere(replacement)).isEqualTo(cpaId);
            assertThat(chain.consumer().cpas().show(cpaId).orElseThrow().version())
                    .isEqualTo(2);

            StoredMessage m = chain.consumer().submit(message(cpaId, "SendExtra"));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            assertThat(chain.provider().received(cpaId, null, 10))
                    .extracting(StoredMessage::action)
                    .containsExactly("SendExtra");
        }
    }

    @Test
    void aMessageForACpaTheReceiverDeletedFailsWithItsMessageErrorAndNothingIsStored() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            assertThat(chain.provider().cpas().delete(cpaId)).isTrue();
            StoredMessage m = chain.consumer().submit(message(cpaId, LocalChain.TO_PROVIDER));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.FAILED));
            assertThat(chain.consumer()
                            .report(m.messageId())
                            .orElseThrow()
                            .message()
                            .statusDetail())
                    .contains("ValueNotRecognized")
                    .contains(cpaId)
                    .contains("not known");
            assertThat(chain.provider().received(null, null, 10)).isEmpty();
            assertThat(chain.provider().isReady()).isTrue();
        }
    }

    @Test
    void anInvalidCpaIsRefusedWithEveryProblemAndNotStored() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String broken = chain.cpas()
                    .get(0)
                    .replace("ackRequested=\"always\"", "ackRequested=\"never\"")
                    .replace("cpaid=\"", "cpaid=\"broken.");
            assertThatThrownBy(() -> chain.consumer().importCpa(broken))
                    .isInstanceOfSatisfying(
                            CpaImporter.RejectedCpaException.class,
                            e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(1));
            assertThat(chain.consumer().cpas().list()).hasSize(1);
        }
    }

    @Test
    void aCpaFileThatCannotBeImportedAtStartIsNamed() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            Path broken = dir.resolve("broken-cpa.xml");
            Files.writeString(
                    broken,
                    chain.cpas().get(0).replace("CollaborationProtocolAgreement", "CollaborationProtocolDisagreement"));
            assertThatThrownBy(() -> Gateway.start(withCpaFiles(chain, broken.toString()), dir.resolve("node")))
                    .hasMessageStartingWith("cpa.files: " + broken + ": ");
            Path missing = dir.resolve("no-such-cpa.xml");
            assertThatThrownBy(() -> Gateway.start(withCpaFiles(chain, missing.toString()), dir.resolve("node")))
                    .hasMessage("cpa.files: " + missing + " does not exist");
        }
    }

    /** The provider's configuration on free ports and a database of its own, importing {@code file} at start. */
    private static GatewayConfig withCpaFiles(LocalChain chain, String file) {
        GatewayConfig c = chain.config(LocalChain.PROVIDER.name());
        return new GatewayConfig(
                c.node(),
                new GatewayConfig.Ebms("127.0.0.1", 0, "/ebms"),
                GatewayConfig.Admin.withoutAuthentication("127.0.0.1", 0),
                c.tls(),
                new GatewayConfig.Database(null, null, null, 2),
                c.delivery(),
                c.limits(),
                new GatewayConfig.Cpa(List.of(file), null, null),
                c.security(),
                c.retention());
    }
}
