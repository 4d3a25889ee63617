package nl.dkgw.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.KeylessChain;
import nl.dkgw.gateway.StoreOutage;
import nl.dkgw.gateway.api.SubmissionFailure;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dkgw send} exits with a code per reason the node gives for not accepting the message, so that a script can
 * tell what to fix from when to try again; the help lists every code.
 */
@Slow
class SendExitCodesTest {

    @TempDir
    static Path dir;

    static LocalChain chain;
    static Path config;
    static Path payload;

    @BeforeAll
    static void start() throws Exception {
        // the nodes have no signing key: the unsigned CPA works, the signed one cannot be sent on
        chain = KeylessChain.start(dir.resolve("chain"));
        config = Files.writeString(
                dir.resolve("gateway.yml"),
                "admin:\n  port: " + chain.consumer().adminPort() + "\n");
        payload = Files.writeString(dir.resolve("payload.xml"), "<x/>");
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static CliRun send(String cpaId, Profile profile, String action, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "send",
                "--config",
                config.toString(),
                "--cpa",
                cpaId,
                "--service",
                LocalChain.serviceName(profile),
                "--action",
                action,
                "--payload",
                payload.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void anUnknownCpaExits3() {
        CliRun r = send("no-such-cpa", Profile.OSB_RM, LocalChain.TO_PROVIDER);
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("dkgw send:").contains("no-such-cpa");
    }

    @Test
    void anActionTheCpaDoesNotAllowExits5() {
        CliRun r = send(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, "NoSuchAction");
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
    }

    @Test
    void aNodeWithoutSigningKeyOnASignedCpaExits8() {
        CliRun r = send(chain.cpaId(Profile.OSB_RM_S), Profile.OSB_RM_S, LocalChain.TO_PROVIDER);
        assertThat(r.exit()).as(r.err()).isEqualTo(8);
        assertThat(r.err()).contains("signing key");
    }

    @Test
    void whileTheStoreIsDownSendExits75AndSucceedsOnceItIsBack() throws Exception {
        try (StoreOutage outage = StoreOutage.begin(chain, LocalChain.CONSUMER.name())) {
            CliRun r = send(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, LocalChain.TO_PROVIDER);
            assertThat(r.exit()).as(r.err()).isEqualTo(75);
        }
        CliRun r = send(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, LocalChain.TO_PROVIDER);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void anUnreadablePayloadFileExits2() {
        CliRun r = CliRun.of(
                "send",
                "--config",
                config.toString(),
                "--cpa",
                "any",
                "--service",
                "s",
                "--action",
                "a",
                "--payload",
                dir.resolve("missing.xml").toString());
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void theHelpListsTheExitCodeOfEveryReason() {
        CliRun help = CliRun.of("send", "--help");
        assertThat(help.exit()).isZero();
        for (SubmissionFailure reason : SubmissionFailure.values()) {
            assertThat(help.out().lines())
                    .as(reason.name())
                    .anyMatch(l -> l.matches("\\s*" + SendExitCode.of(reason) + "\\s+" + reason.name() + ":.*"));
        }
    }
}
