package nl.dkgw.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.gateway.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dkgw demo} end to end, through the command line as a user runs it (the command comes in by SPI). */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void theFullChainDemoPassesAndLeavesAReportPerCounterpart() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            // --verbose: without it the demo turns the nl.dkgw log level down for the whole (shared) test JVM
            exit = Main.run("demo", "--dir", dir.toString(), "--large-payload-mib", "1", "--verbose");
        } finally {
            System.setOut(previous);
        }
        // the demo's own lines, without the nodes' log lines (HH:mm:ss.SSS LEVEL ...) that share the captured stdout
        String printed = out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("demo passed")
                .contains("coronit-testresult").contains("cims-vaccination").contains("lopende-zaken")
                .contains("schema-valid, delivered").doesNotContain("FAIL");
        assertThat(printed.lines().filter(l -> l.contains("every layer passed")).count())
                .as("a diagnosis per link: CIMS, MijnOverheid, six compliance and six foreign-peer profiles")
                .isEqualTo(14);
        assertThat(printed).contains("simulator foreign").contains("habits leaf-only-key-info,")
                .contains("chain test: foreign osb-rm-e");
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir.resolve("reports"))) {
            reports = s.toList();
        }
        assertThat(reports).hasSize(14);
        assertThat(reports).extracting(r -> r.getFileName().toString()).contains("foreign-osb-be", "foreign-osb-rm-e");
        for (Path r : reports) {
            assertThat(r.resolve(ReportFiles.JUNIT)).exists();
            assertThat(Files.readString(r.resolve(ReportFiles.JUNIT))).contains("failures=\"0\"");
            assertThat(printed).contains(r.resolve(ReportFiles.HTML).toString());
        }
        assertThat(dir.resolve("client/gateway.yml")).exists();
    }
}
