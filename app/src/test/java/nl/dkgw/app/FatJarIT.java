package nl.dkgw.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as users start it ({@code java -jar app/target/dkgw.jar}): the test-chain subcommands arrive
 * through ServiceLoader from the shaded jar, {@code simulate} starts a simulator and records, and {@code chain-test}
 * starts the node of a configuration, runs the suite against it and writes the reports. Runs after package.
 */
@Slow
class FatJarIT {

    static final Path JAR = Path.of("target", "dkgw.jar").toAbsolutePath();
    static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    record Run(int exit, String out) {

        /** The output without the node's CPA import warnings, so a failure message shows the suite's own lines. */
        String essentials() {
            return FatJarIT.essentials(out);
        }
    }

    static String essentials(CharSequence output) {
        return output.toString()
                .lines()
                .filter(line -> !line.contains("event=\"cpa.warning\""))
                .collect(Collectors.joining("\n"));
    }

    static Run run(Duration timeout, String... args) throws Exception {
        Process p = start(args);
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS))
                .as("dkgw " + List.of(args) + " ends")
                .isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void theJarHasTheChainTestingCommands() throws Exception {
        assertThat(JAR).exists();
        Run help = run(Duration.ofSeconds(60), "--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("serve", "ping", "simulate", "chain-test", "demo");
        Run simulateHelp = run(Duration.ofSeconds(60), "simulate", "--help");
        assertThat(simulateHelp.exit()).as(simulateHelp.out()).isZero();
        assertThat(simulateHelp.out())
                .contains("cims, mijnoverheid, compliance, foreign, or all")
                .contains("--client-endpoint");
    }

    @Test
    void simulateThenChainTestFromTheJar() throws Exception {
        int[] ports = FreePort.find(2); // two at once, so they differ
        int clientPort = ports[0];
        int clientAdmin = ports[1];
        Path simDir = dir.resolve("sim");
        Process simulate = start(
                "simulate",
                "compliance",
                "--dir",
                simDir.toString(),
                "--client-endpoint",
                "https://localhost:" + clientPort + "/ebms",
                "--client-admin-port",
                String.valueOf(clientAdmin),
                "--control-port",
                "0");
        StringBuffer simOut = new StringBuffer();
        Thread reader = new Thread(() -> copy(simulate.getInputStream(), simOut));
        reader.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> simOut.toString().contains("simulators running") || !simulate.isAlive());
            assertThat(simOut.toString()).as(simOut.toString()).contains("simulators running");
            JsonNode sims = new ObjectMapper()
                    .readTree(simDir.resolve("simulators.json").toFile());
            JsonNode compliance = sims.get("simulators").get(0);
            String cpaId = compliance.get("cpas").get("osb-rm-s").asText();
            String control = compliance.get("control").asText();
            assertThat(simOut.toString())
                    .contains(cpaId)
                    .contains(sims.get("clientConfig").asText());

            Path report = dir.resolve("report");
            Run chainTest = run(
                    Duration.ofSeconds(180),
                    "chain-test",
                    "--config",
                    sims.get("clientConfig").asText(),
                    "--cpa",
                    cpaId,
                    "--report",
                    report.toString(),
                    "--counterpart-control",
                    control,
                    "--timeout",
                    "30");
            assertThat(chainTest.exit())
                    .as(chainTest.essentials() + "\n--- the simulator printed:\n" + essentials(simOut))
                    .isZero();
            assertThat(chainTest.out())
                    .contains("starting the node")
                    .contains("PASSED  refuses tampered signature")
                    .contains("chain test PASSED");
            assertThat(report.resolve("TEST-dkgw-chain-test.xml")).exists();
            assertThat(Files.readString(report.resolve("chain-test-report.html")))
                    .contains(cpaId);

            HttpResponse<String> received = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(control + "/received"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode recorded = new ObjectMapper().readTree(received.body());
            assertThat(recorded.get("messages").size())
                    .as("the simulator recorded what it took in")
                    .isGreaterThanOrEqualTo(3);
            assertThat(recorded.get("posted").findValuesAsText("handling")).contains("handled", "unavailable");

            serveStartsTheFlowsOfItsConfiguration(
                    Path.of(sims.get("clientConfig").asText()), cpaId);
        } finally {
            simulate.destroy();
            simulate.waitFor(30, TimeUnit.SECONDS);
            reader.join(5000);
        }
    }

    /**
     * {@code serve} from the jar, on the client node's configuration plus a {@code flows} section: the app hands the
     * routes' flows to the command line, so the flows start after the node and their REST source answers.
     */
    private static void serveStartsTheFlowsOfItsConfiguration(Path clientConfig, String cpaId) throws Exception {
        int restPort = FreePort.find();
        Path config = clientConfig.resolveSibling("with-flows.yml");
        Files.writeString(config, Files.readString(clientConfig) + """

                flows:
                  broker:
                    data-dir: flows-artemis
                  rest:
                    host: 127.0.0.1
                    port: %d
                  definitions:
                    coronit-testresult:
                      send:
                        cpa-id: %s
                        service: "dkgw:flows:1.0"
                        action: CoronitTestResult
                        sources:
                          rest: true
                """.formatted(restPort, cpaId));
        Process serve = start("serve", "--config", config.toString());
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> copy(serve.getInputStream(), out));
        reader.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    // serve's own line, not a log line that also says "listening" (the REST source's comes first)
                    .until(() -> out.toString().contains(") listening: ebMS") || !serve.isAlive());
            assertThat(out.toString()).as(out.toString()).contains("flows [coronit-testresult]");
            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + restPort + "/flows/coronit-testresult"))
                                    .POST(HttpRequest.BodyPublishers.ofString("not an event"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            reader.join(5000);
        }
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (into) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
