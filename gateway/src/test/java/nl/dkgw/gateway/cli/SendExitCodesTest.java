package nl.dkgw.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.StoreOutage;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.msh.SubmissionFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dkgw send} exits with a code per reason the node gives for not accepting the message, so that a script can
 * tell what to fix from when to try again; the help lists every code.
 */
class SendExitCodesTest {

    @TempDir
    static Path dir;

    static LocalChain chain;
    static Path config;
    static Path payload;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        // the nodes have no signing key: the unsigned CPA works, the signed one cannot be sent on
        chain = LocalChain.start(dir.resolve("chain"), Map.of(), Duration.ofSeconds(1),
                List.of(Profile.OSB_RM, Profile.OSB_RM_S), SyncReplyMode.NONE,
                c -> c.withSecurity(new GatewayConfig.Security(null, c.security().encryptionKey(), false)));
        config = Files.writeString(dir.resolve("gateway.yml"), "admin:\n  port: " + chain.consumer().adminPort()
                + "\n");
        payload = Files.writeString(dir.resolve("payload.xml"), "<x/>");
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Run send(String cpaId, Profile profile, String action, String... more) {
        List<String> args = new ArrayList<>(List.of("send", "--config", config.toString(), "--cpa", cpaId,
                "--service", LocalChain.serviceName(profile), "--action", action, "--payload", payload.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void anUnknownCpaExits3() {
        Run r = send("no-such-cpa", Profile.OSB_RM, LocalChain.TO_PROVIDER);
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("dkgw send:").contains("no-such-cpa");
    }

    @Test
    void anActionTheCpaDoesNotAllowExits5() {
        Run r = send(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, "NoSuchAction");
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
    }

    @Test
    void aNodeWithoutSigningKeyOnASignedCpaExits8() {
        Run r = send(chain.cpaId(Profile.OSB_RM_S), Profile.OSB_RM_S, LocalChain.TO_PROVIDER);
        assertThat(r.exit()).as(r.err()).isEqualTo(8);
        assertThat(r.err()).contains("signing key");
    }

    @Test
    void whileTheStoreIsDownSendExits75AndSucceedsOnceItIsBack() throws Exception {
        try (StoreOutage outage = StoreOutage.begin(chain, LocalChain.CONSUMER.name())) {
            Run r = send(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, LocalChain.TO_PROVIDER);
            assertThat(r.exit()).as(r.err()).isEqualTo(75);
        }
        Run r = send(chain.cpaId(Profile.OSB_RM), Profile.OSB_RM, LocalChain.TO_PROVIDER);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void anUnreadablePayloadFileExits2() {
        Run r = run("send", "--config", config.toString(), "--cpa", "any", "--service", "s", "--action", "a",
                "--payload", dir.resolve("missing.xml").toString());
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void theHelpListsTheExitCodeOfEveryReason() {
        Run help = run("send", "--help");
        assertThat(help.exit()).isZero();
        for (SubmissionFailure reason : SubmissionFailure.values()) {
            assertThat(help.out().lines()).as(reason.name())
                    .anyMatch(l -> l.matches("\\s*" + SendExitCode.of(reason) + "\\s+" + reason.name() + ":.*"));
        }
    }
}
