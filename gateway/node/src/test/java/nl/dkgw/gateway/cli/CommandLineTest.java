package nl.dkgw.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against running nodes: exit codes and the one readable line. */
@Slow
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve", "send", "status", "ping", "cpa", "certs");
    }

    @Test
    void pingSendAndStatusWorkAgainstARunningNode() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            Path config = dir.resolve("gateway.yml");
            Files.writeString(config, "admin:\n  port: " + chain.consumer().adminPort() + "\n");
            String cpaId = chain.cpaId(Profile.OSB_RM);

            CliRun ping = CliRun.of("ping", "--config", config.toString(), "--cpa", cpaId);
            assertThat(ping.exit()).as(ping.err()).isZero();
            // the nodes run in this JVM and log to the captured stdout too: look for the command's own line
            assertThat(ping.out().lines()).anyMatch(l -> l.startsWith("Pong"));

            Path payload = dir.resolve("payload.xml");
            Files.writeString(payload, "<x/>");
            CliRun send = CliRun.of(
                    "send",
                    "--config",
                    config.toString(),
                    "--cpa",
                    cpaId,
                    "--service",
                    LocalChain.serviceName(Profile.OSB_RM),
                    "--action",
                    LocalChain.TO_PROVIDER,
                    "--payload",
                    payload.toString());
            assertThat(send.exit()).as(send.err()).isZero();
            String messageId = send.out()
                    .lines()
                    .filter(l -> l.matches("\\S+@\\S+"))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no MessageId printed: " + send.out()));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> CliRun.of("status", "--config", config.toString(), messageId)
                            .out()
                            .contains("ACKNOWLEDGED"));
            CliRun status = CliRun.of("status", "--config", config.toString(), messageId);
            assertThat(status.out()).contains(messageId).contains("attempt 1");

            CliRun unknown = CliRun.of("ping", "--config", config.toString(), "--cpa", "no-such-cpa");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err().trim())
                    .startsWith("dkgw ping:")
                    .contains("no-such-cpa")
                    .doesNotContain("\n");

            CliRun refused = CliRun.of(
                    "send", "--config", config.toString(), "--cpa", cpaId, "--service", "nope", "--action", "nope");
            assertThat(refused.exit()).as("NOT_ALLOWED_BY_CPA").isEqualTo(5);
            assertThat(refused.err()).startsWith("dkgw send:");
        }
    }

    @Test
    void cpasAreImportedListedShownAndDeletedOnARunningNode() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            Path config = dir.resolve("gateway.yml");
            Files.writeString(config, "admin:\n  port: " + chain.consumer().adminPort() + "\n");
            String cpaId = chain.cpaId(Profile.OSB_RM);
            Path file = dir.resolve("cpa.xml");
            Files.writeString(file, chain.cpas().get(0));

            CliRun validate = CliRun.of("cpa", "validate", file.toString());
            assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
            CliRun imported = CliRun.of("cpa", "import", "--config", config.toString(), file.toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("replaced " + cpaId).contains("version 2");
            assertThat(CliRun.of("cpa", "list", "--config", config.toString()).out())
                    .contains(cpaId);
            assertThat(CliRun.of("cpa", "show", "--config", config.toString(), cpaId)
                            .out())
                    .contains("CollaborationProtocolAgreement");
            assertThat(CliRun.of("cpa", "delete", "--config", config.toString(), cpaId)
                            .exit())
                    .isZero();
            CliRun gone = CliRun.of("cpa", "show", "--config", config.toString(), cpaId);
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err()).contains("no CPA");

            Path broken = dir.resolve("broken.xml");
            Files.writeString(broken, chain.cpas().get(0).replace("cpaid=\"", "cpaid=\"with.dots."));
            CliRun refused = CliRun.of("cpa", "import", "--config", config.toString(), broken.toString());
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("error");
            assertThat(CliRun.of("cpa", "validate", broken.toString()).exit()).isEqualTo(1);
        }
    }

    @Test
    void pingDiagnoseChecksEveryLayerAndItsExitCodeNamesTheFirstBrokenOne() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            Path config = dir.resolve("gateway.yml");
            Files.writeString(config, "admin:\n  port: " + chain.consumer().adminPort() + "\n");
            String cpaId = chain.cpaId(Profile.OSB_RM);

            CliRun table = CliRun.of(
                    "ping",
                    "--config",
                    config.toString(),
                    "--cpa",
                    cpaId,
                    "--diagnose",
                    "--test-message",
                    LocalChain.serviceName(Profile.OSB_RM),
                    LocalChain.TO_PROVIDER);
            assertThat(table.exit()).as(table.out() + table.err()).isZero();
            assertThat(table.out())
                    .containsPattern("TLS handshake .*PASS")
                    .containsPattern("server certificate OIN .*PASS")
                    .containsPattern("ebMS Ping answered by Pong +PASS")
                    .containsPattern("test message acknowledged +PASS");

            CliRun json = CliRun.of("ping", "--config", config.toString(), "--cpa", cpaId, "--diagnose", "--json");
            assertThat(json.exit()).isZero();
            String report = json.out()
                    .lines()
                    .filter(l -> l.startsWith("{"))
                    .findFirst()
                    .orElseThrow();
            assertThat(new ObjectMapper().readTree(report).get("cpaId").asText())
                    .isEqualTo(cpaId);

            CliRun unknown = CliRun.of("ping", "--config", config.toString(), "--cpa", "no-such-cpa", "--diagnose");
            assertThat(unknown.exit()).isEqualTo(11);
            assertThat(unknown.out()).contains("CPA");
        }
    }

    @Test
    void commandsSayWhenNoNodeIsRunning() throws Exception {
        Path config = dir.resolve("gateway.yml");
        Files.writeString(config, "admin:\n  port: " + FreePort.find() + "\n");
        CliRun r = CliRun.of("status", "--config", config.toString(), "some-id");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("is it running");
    }
}
