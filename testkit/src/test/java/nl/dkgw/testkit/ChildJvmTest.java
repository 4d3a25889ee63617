package nl.dkgw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class ChildJvmTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final int SIGTERM_EXIT = 128 + 15;
    private static final int SIGINT_EXIT = 128 + 2;

    @Test
    void startsTheMainClassWithArgsJvmOptionsEnvironmentAndWorkingDirectory(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs").resolve("echo.log");
        try (ChildJvm child = ChildJvm.builder(EchoMain.class)
                .args("one", "two words")
                .jvmOptions("-Xmx48m", "-Ddkgw.echo.prop=from-jvm-option")
                .env("DKGW_ECHO_ENV", "from-env")
                .env(Map.of("DKGW_ECHO_ENV2", "from-map"))
                .workingDirectory(dir)
                .logFile(log)
                .start()) {
            child.awaitOutput("READY", TIMEOUT);

            assertThat(child.isAlive()).isTrue();
            assertThat(child.logFile()).isEqualTo(log);
            String output = child.output();
            assertThat(output).isEqualTo(Files.readString(log));
            assertThat(output)
                    .contains("ARGS one|two words")
                    .contains("PROP from-jvm-option")
                    .contains("ENV from-env from-map")
                    .contains("INHERITED PATH true")
                    .contains("CWD " + dir.toRealPath())
                    .contains("-Xmx48m")
                    .contains("ON STDERR");
        }
    }

    @Test
    void killEndsTheChildWithSigkillSoNoShutdownHookRuns() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).start()) {
            child.awaitOutput("READY", TIMEOUT);
            long pid = child.pid();

            child.kill();

            assertThat(child.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(SIGKILL_EXIT);
            assertThat(child.output()).doesNotContain("SHUTDOWN HOOK RAN");
        }
    }

    @Test
    void stopTerminatesWithSigtermSoShutdownHooksRun() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).start()) {
            child.awaitOutput("READY", TIMEOUT);

            child.stop();

            assertThat(child.isAlive()).isFalse();
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(SIGTERM_EXIT);
            assertThat(child.output()).contains("SHUTDOWN HOOK RAN");
        }
    }

    @Test
    void interruptEndsAChildStartedWithSigintAtDefaultAsCtrlCDoesSoShutdownHooksRun() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).sigintAtDefault().start()) {
            child.awaitOutput("READY", TIMEOUT);
            assertThat(child.output()).as("the pid is the JVM's, not env's").contains("PID " + child.pid());

            child.interrupt(TIMEOUT);

            assertThat(child.isAlive()).isFalse();
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(SIGINT_EXIT);
            assertThat(child.output()).contains("SHUTDOWN HOOK RAN");
        }
    }

    @Test
    void stopKillsAChildThatDoesNotExitOnSigtermInTime() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).args("stubborn").start()) {
            child.awaitOutput("READY", TIMEOUT);

            assertThatThrownBy(() -> child.stop(Duration.ofMillis(500)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was killed");

            assertThat(child.isAlive()).isFalse();
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(SIGKILL_EXIT);
            assertThat(child.output()).contains("SHUTDOWN HOOK RAN");
        }
    }

    @Test
    void closeKillsARunningChild() {
        ChildJvm child = ChildJvm.builder(EchoMain.class).start();
        try (child) {
            child.awaitOutput("READY", TIMEOUT);
        }

        assertThat(child.isAlive()).isFalse();
        assertThat(child.waitFor(TIMEOUT)).isEqualTo(SIGKILL_EXIT);
    }

    @Test
    void waitForReturnsTheExitCode() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).args("exit", "3").start()) {
            assertThat(child.waitFor(TIMEOUT)).isEqualTo(3);
            assertThat(child.output()).contains("SHUTDOWN HOOK RAN");
        }
    }

    @Test
    void waitForThrowsWhileTheChildIsStillRunning() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).start()) {
            child.awaitOutput("READY", TIMEOUT);

            assertThatThrownBy(() -> child.waitFor(Duration.ofMillis(100)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still running");
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void awaitOutputFailsAsSoonAsTheChildExitsWithoutPrintingIt() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).args("exit", "3").start()) {
            assertThatThrownBy(() -> child.awaitOutput("never printed", Duration.ofMinutes(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("exited with 3")
                    .hasMessageContaining("ARGS exit|3");
        }
    }

    @Test
    void awaitOutputGivesUpAfterTheTimeout() {
        try (ChildJvm child = ChildJvm.builder(EchoMain.class).start()) {
            child.awaitOutput("READY", TIMEOUT);

            assertThatThrownBy(() -> child.awaitOutput("never printed", Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not print \"never printed\"")
                    .hasMessageContaining("READY");
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void defaultLogFileIsCreatedAndReadable() {
        try (ChildJvm child =
                ChildJvm.builder(EchoMain.class.getName()).args("exit", "0").start()) {
            assertThat(child.waitFor(TIMEOUT)).isZero();
            assertThat(child.logFile()).exists();
            assertThat(child.output()).contains("ARGS exit|0");
        }
    }
}
