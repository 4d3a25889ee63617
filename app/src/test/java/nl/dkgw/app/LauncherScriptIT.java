package nl.dkgw.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./dkgw} runs the packaged jar on the parallel collector unless {@code DKGW_JAVA_OPTS} chooses a
 * collector of its own (two would stop the JVM from starting). Runs a copy of the script next to the packaged jar, so
 * it never rebuilds, with the JVM printing the flags it was started with.
 */
class LauncherScriptIT {

    @TempDir
    Path root;

    @Test
    void withoutOptionsTheNodeRunsOnTheParallelCollector() throws Exception {
        String out = launch("-XX:+PrintCommandLineFlags");

        assertThat(out).contains("-XX:+UseParallelGC").containsPattern("dkgw \\d");
    }

    @Test
    void otherOptionsKeepTheParallelCollector() throws Exception {
        String out = launch("-Xmx256m -XX:+PrintCommandLineFlags");

        assertThat(out).contains("-XX:+UseParallelGC").contains("-XX:MaxHeapSize=268435456");
    }

    @Test
    void aCollectorInTheOptionsIsTheOneUsed() throws Exception {
        String out = launch("-XX:+UseSerialGC -XX:+PrintCommandLineFlags");

        assertThat(out)
                .contains("-XX:+UseSerialGC")
                .doesNotContain("UseParallelGC")
                .containsPattern("dkgw \\d");
    }

    private String launch(String javaOptions) throws Exception {
        Path script = root.resolve("dkgw");
        Files.copy(Path.of("..", "dkgw"), script);
        Path target = Files.createDirectories(root.resolve("app").resolve("target"));
        Files.createSymbolicLink(target.resolve("dkgw.jar"), FatJarIT.JAR);
        ProcessBuilder builder =
                new ProcessBuilder(List.of("bash", script.toString(), "--version")).redirectErrorStream(true);
        Path javaBin = Path.of(FatJarIT.JAVA).getParent();
        builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
        builder.environment().put("DKGW_JAVA_OPTS", javaOptions);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
