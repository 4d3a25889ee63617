package nl.dkgw.chain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.dkgw.chain.suite.SuiteOptions;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.testkit.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code dkgw chain-test} when the suite cannot run at all: exit code 2 and one line saying why; and its options as
 * they reach the suite.
 */
class ChainTestCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--gb-file-size|0|--gb-file-size '0' is out of range",
                "--gb-file-size|-5|--gb-file-size '-5' is not a size",
                "--gb-file-size|lots|--gb-file-size 'lots' is not a size",
                "--gb-file-size|1.5GiB|--gb-file-size '1.5GiB' is not a size",
                "--gb-file-size|5GiB|--gb-file-size '5GiB' is out of range: from 1 byte up to 4GiB",
                "--timeout|0|--timeout must be between 1 and 3600 seconds: 0",
                "--timeout|-1|--timeout must be between 1 and 3600 seconds: -1",
                "--timeout|3601|--timeout must be between 1 and 3600 seconds: 3601"
            })
    void aBadSizeOrTimeoutIsExitCode2WithOneLineBeforeAnythingStarts(String option, String value, String line) {
        // the configuration does not exist: the option is refused before it is read
        Printed printed =
                run("chain-test", "--config", dir.resolve("absent.yml").toString(), "--cpa", "some-cpa", option, value);
        assertThat(printed.exit()).as(printed.err()).isEqualTo(2);
        assertThat(printed.err().lines()).singleElement().asString().startsWith("dkgw chain-test: " + line);
        assertThat(printed.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1048583, 1048583", "1MiB, 1048576", "1GiB, 1073741824", "4GiB, 4294967296", "512kib, 524288"})
    void theFileSizeReachesTheSuitesOptions(String value, long bytes) {
        ChainTestCommand command = new ChainTestCommand();
        new CommandLine(command).parseArgs("--cpa", "c", "--gb-file-size", value, "--timeout", "45", "--fail-fast");
        SuiteOptions options = command.suiteOptions();
        assertThat(options.gbFileBytes()).isEqualTo(bytes);
        assertThat(options.messageTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(options.failFast()).isTrue();
    }

    @Test
    void withoutTheOptionTheFileIsTheDefaultFewMegabytes() {
        ChainTestCommand command = new ChainTestCommand();
        new CommandLine(command).parseArgs("--cpa", "c");
        assertThat(command.suiteOptions().gbFileBytes()).isEqualTo(SuiteOptions.DEFAULT_GB_FILE_BYTES);
        assertThat(command.suiteOptions().messageTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(command.suiteOptions().failFast()).isFalse();
    }

    private record Printed(int exit, String out, String err) {}

    private static Printed run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }

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
