package nl.dkgw.chain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.testkit.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dkgw chain-test} when the suite cannot run at all: exit code 2 and one line saying why. */
class ChainTestCommandTest {

    @TempDir
    Path dir;

    @Test
    void aNodeThatCannotStartIsExitCode2WithTheReasonInOneLine() throws Exception {
        // no admin users and no admin.auth: none, so the node refuses to start
        Path config = Files.writeString(dir.resolve("gateway.yml"), "admin:\n  port: " + FreePort.find() + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(
                    "chain-test",
                    "--config",
                    config.toString(),
                    "--cpa",
                    "some-cpa",
                    "--report",
                    dir.resolve("report").toString());
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(2);
        assertThat(printed.lines().filter(l -> l.startsWith("dkgw chain-test: cannot start the node of")))
                .singleElement()
                .asString()
                .contains(config.toString())
                .contains("admin.users");
        assertThat(dir.resolve("report")).doesNotExist();
    }
}
