package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nl.dkgw.cpa.CpaProblem;
import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.cli.CliRun;
import nl.dkgw.gateway.cpa.CpaImporter;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compatibility mode is whole: two real nodes with {@code security.compatibility-mode} on import a CPA that names
 * AES-128-CBC and RSA 1.5 (with warnings naming the Beveiligingsstandaarden rules), send exactly that on the wire both
 * ways on osb-be-e and osb-rm-e, and decrypt it; a node with the mode off refuses the CPA and names the setting.
 */
@Slow
class CompatibilityModeExchangeTest {

    private static final String CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
    private static final String RSA_1_5 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";

    @TempDir
    Path dir;

    @Test
    void nodesInCompatibilityModeExchangeCbcWithRsa15BothWaysAndANodeWithoutItRefusesTheCpaNamingTheSetting()
            throws Exception {
        WireTap wire = new WireTap();
        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(1),
                List.of(),
                SyncReplyMode.NONE,
                c -> c.withCompatibilityMode(true),
                wire::inFrontOf)) {
            Path config = dir.resolve("gateway.yml");
            Files.writeString(config, "admin:\n  port: " + chain.consumer().adminPort() + "\n");
            for (Profile profile : List.of(Profile.OSB_BE_E, Profile.OSB_RM_E)) {
                String xml = chain.generateCpa(
                        profile,
                        Duration.ofSeconds(1),
                        SyncReplyMode.NONE,
                        LocalChain.demoActions(),
                        DigitalEnvelope.COMPATIBILITY);
                Path file = dir.resolve(profile.code() + ".xml");
                Files.writeString(file, xml);

                CliRun imported = CliRun.of("cpa", "import", "--config", config.toString(), file.toString());
                assertThat(imported.exit()).as(imported.err()).isZero();
                assertThat(imported.out())
                        .contains("warning: ")
                        .contains("AES-CBC (" + CBC + ") breaks Beveiligingsstandaarden rule ENC003 (AES in GCM mode); "
                                + "accepted because security.compatibility-mode is on")
                        .contains("RSA 1.5 key transport (" + RSA_1_5 + ") breaks Beveiligingsstandaarden rule ENC004 "
                                + "(RSA-OAEP key transport); accepted because security.compatibility-mode is on");
                CpaImporter.Imported atProvider = chain.provider().importCpa(xml);
                assertThat(atProvider.warnings())
                        .extracting(CpaProblem::message)
                        .anyMatch(m -> m.contains("ENC003"))
                        .anyMatch(m -> m.contains("ENC004"));

                String cpaId = atProvider.cpa().cpaId();
                String service = LocalChain.serviceName(profile);
                byte[] binary = new byte[3000];
                new Random(13).nextBytes(binary);
                StoredMessage there = chain.consumer()
                        .submit(Submission.of(
                                cpaId,
                                service,
                                LocalChain.TO_PROVIDER,
                                Submission.Part.of("application/octet-stream", binary)));
                StoredMessage back = chain.provider()
                        .submit(Submission.of(
                                cpaId,
                                service,
                                LocalChain.TO_CONSUMER,
                                Submission.Part.of("application/xml", "<back/>".getBytes(StandardCharsets.UTF_8))));
                MessageStatus done = profile.reliable() ? MessageStatus.ACKNOWLEDGED : MessageStatus.DELIVERED;
                awaitStatus(chain.consumer(), there, done);
                awaitStatus(chain.provider(), back, done);

                assertThat(payload(chain.provider(), cpaId, there)).isEqualTo(binary);
                assertThat(payload(chain.consumer(), cpaId, back))
                        .isEqualTo("<back/>".getBytes(StandardCharsets.UTF_8));
                for (String action : List.of(LocalChain.TO_PROVIDER, LocalChain.TO_CONSUMER)) {
                    List<String> posts = wire.posts().stream()
                            .filter(p -> p.contains(">" + action + "<") && p.contains(service))
                            .toList();
                    assertThat(posts)
                            .as(profile + " " + action)
                            .isNotEmpty()
                            .allSatisfy(post -> assertThat(post)
                                    .contains("EncryptedData")
                                    .contains("<xenc:EncryptionMethod Algorithm=\"" + CBC + "\"")
                                    .contains("<xenc:EncryptionMethod Algorithm=\"" + RSA_1_5 + "\"")
                                    .doesNotContain("#aes128-gcm")
                                    .doesNotContain("#aes256-gcm")
                                    .doesNotContain("#rsa-oaep"));
                }
            }

            Gateway strict = chain.restart(LocalChain.PROVIDER.name(), c -> c.withCompatibilityMode(false));
            String cbcCpa = chain.generateCpa(
                    Profile.OSB_BE_E,
                    Duration.ofSeconds(1),
                    SyncReplyMode.NONE,
                    LocalChain.demoActions(),
                    DigitalEnvelope.COMPATIBILITY);
            assertThatThrownBy(() -> strict.importCpa(cbcCpa))
                    .isInstanceOf(CpaImporter.RejectedCpaException.class)
                    .hasMessageContaining("AES-CBC")
                    .hasMessageContaining("set security.compatibility-mode: true");
            Files.writeString(config, "admin:\n  port: " + strict.adminPort() + "\n");
            CliRun refused = CliRun.of(
                    "cpa",
                    "import",
                    "--config",
                    config.toString(),
                    dir.resolve(Profile.OSB_BE_E.code() + ".xml").toString());
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("ENC003")
                    .contains("ENC004")
                    .contains("set security.compatibility-mode: true");
        }
    }

    private static void awaitStatus(Gateway sender, StoredMessage m, MessageStatus expected) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(sender.report(m.messageId())
                                .orElseThrow()
                                .message()
                                .status())
                        .as(() -> sender.report(m.messageId())
                                .orElseThrow()
                                .message()
                                .statusDetail())
                        .isEqualTo(expected));
    }

    private static byte[] payload(Gateway receiver, String cpaId, StoredMessage sent) {
        StoredMessage received = receiver.received(cpaId, null, 10).stream()
                .filter(r -> r.messageId().equals(sent.messageId()))
                .findFirst()
                .orElseThrow();
        return receiver.fetch(received.pk()).orElseThrow().payloads().get(0).data();
    }
}
