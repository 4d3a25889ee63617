package nl.dkgw.chain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import nl.dkgw.chain.report.ChainTestReport;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.chain.suite.ChainTestSuite;
import nl.dkgw.chain.suite.GbFileSize;
import nl.dkgw.chain.suite.SuiteOptions;
import nl.dkgw.chain.suite.TerminalProgress;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.cli.DkgwSubcommand;
import nl.dkgw.gateway.cli.FailureLine;
import nl.dkgw.gateway.cli.Passwords;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the compliance suite against the other party of a CPA and writes the JUnit XML and HTML reports. When the
 * node of the configuration is running (its admin API answers), the suite runs inside it (POST /api/chain-test);
 * otherwise this command starts the node from the configuration for the length of the run. Either way the options
 * ({@code --timeout}, {@code --fail-fast}, {@code --gb-file-size}) reach the suite: as {@link SuiteOptions} here,
 * as body fields through the admin API. Exit 0 only when every test passed (skipped tests do not fail the run), 1
 * when a test failed, 2 when the suite could not run (an option out of range included, refused before anything
 * starts).
 */
@Command(
        name = "chain-test",
        mixinStandardHelpOptions = true,
        description = {
            "Run the compliance suite against the counterpart of a CPA (a simulator or a preprod "
                    + "endpoint) and write a test report (JUnit XML and HTML).",
            "Exit code 0: all tests passed; 1: a test failed; 2: the suite could not run (the CPA is unknown, the "
                    + "node cannot start, an option is out of range)."
        })
public final class ChainTestCommand implements Callable<Integer> {

    /** Adds this command to dkgw (ServiceLoader). */
    public static final class Provider implements DkgwSubcommand {
        @Override
        public Object command() {
            return new ChainTestCommand();
        }
    }

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "gateway.yml",
            description = "gateway configuration (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--cpa", required = true, description = "CPA id: its other party is tested")
    String cpaId;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            defaultValue = "chain-test-report",
            description = "where the reports go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(
            names = "--counterpart-control",
            paramLabel = "URL",
            description = "control URL of a dkgw simulator counterpart; enables the retry test")
    URI control;

    @Option(
            names = "--timeout",
            defaultValue = "60",
            description = "seconds a message may take to be acknowledged or echoed, 1 to 3600 (default: "
                    + "${DEFAULT-VALUE}); the Grote Berichten test adds time for its file's size")
    long timeoutSeconds;

    @Option(
            names = "--gb-file-size",
            paramLabel = "SIZE",
            description = "size of the Grote Berichten test's file: bytes, or a whole number with KiB, MiB or GiB "
                    + "(1GiB), at most 4GiB (default: 4 MiB + 321 bytes)")
    String gbFileSize;

    @Option(names = "--fail-fast", description = "stop at the first failed test")
    boolean failFast;

    @Option(names = "--verbose", description = "show the node's event log")
    boolean verbose;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "admin API user (operator) when the node runs "
                    + "already (default: $DKGW_ADMIN_USER); the password comes from $DKGW_ADMIN_PASSWORD, else the console or "
                    + "the first line of standard input")
    String user;

    @Override
    public Integer call() throws Exception {
        SuiteOptions options;
        try {
            options = suiteOptions();
        } catch (IllegalArgumentException e) {
            System.err.println("dkgw chain-test: " + e.getMessage());
            return 2;
        }
        Quiet.unless(verbose);
        GatewayConfig cfg = new GatewayConfigLoader().load(config);
        Path baseDir = config.toAbsolutePath().getParent();
        String admin = cfg.admin().baseUrl();
        if (answers(admin)) {
            return viaRunningNode(admin, options);
        }
        System.out.println("dkgw chain-test: starting the node of " + config + " for the run; CPA " + cpaId);
        Gateway started;
        try {
            started = Gateway.start(cfg, baseDir);
        } catch (Exception e) {
            System.err.println("dkgw chain-test: cannot start the node of " + config + ": " + FailureLine.of(e));
            return 2;
        }
        try (Gateway node = started) {
            ChainTestReport report = new ChainTestSuite(node, cpaId, options).run(TerminalProgress.forStdout());
            ReportFiles.write(report, reportDir);
            return summary(
                    report.passed(),
                    report.tests().size() == 1 && report.tests().get(0).name().equals("cpa"));
        }
    }

    /** The options given, checked: a refusal is an IllegalArgumentException naming the option. */
    SuiteOptions suiteOptions() {
        long maxTimeout = SuiteOptions.MAX_MESSAGE_TIMEOUT.toSeconds();
        if (timeoutSeconds < 1 || timeoutSeconds > maxTimeout) {
            throw new IllegalArgumentException(
                    "--timeout must be between 1 and " + maxTimeout + " seconds: " + timeoutSeconds);
        }
        SuiteOptions options = SuiteOptions.defaults()
                .withMessageTimeout(Duration.ofSeconds(timeoutSeconds))
                .withControl(control)
                .withFailFast(failFast);
        if (gbFileSize != null) {
            try {
                options = options.withGbFileBytes(GbFileSize.parse(gbFileSize));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--gb-file-size " + e.getMessage(), e);
            }
        }
        return options;
    }

    private int summary(boolean passed, boolean couldNotRun) {
        Path html = reportDir.toAbsolutePath().resolve(ReportFiles.HTML);
        System.out.println((passed ? "chain test PASSED" : "chain test FAILED") + "; report: " + html + " (JUnit XML: "
                + reportDir.toAbsolutePath().resolve(ReportFiles.JUNIT) + ")");
        return passed ? 0 : couldNotRun ? 2 : 1;
    }

    private static boolean answers(String admin) {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(admin + "/health/live"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private int viaRunningNode(String admin, SuiteOptions options) throws Exception {
        System.out.println(
                "dkgw chain-test: the node at " + admin + " runs the suite (POST /api/chain-test); " + "CPA " + cpaId);
        ObjectMapper json = new ObjectMapper();
        // the node writes under its own chain-test/ directory (the admin API allows nothing else); this command
        // then copies the reports to where the user asked
        ObjectNode body = json.createObjectNode()
                .put("cpaId", cpaId)
                .put("timeoutSeconds", options.messageTimeout().toSeconds())
                .put("failFast", options.failFast());
        if (control != null) {
            body.put("counterpartControl", control.toString());
        }
        if (gbFileSize != null) {
            body.put("gbFileBytes", options.gbFileBytes());
        }
        // the whole suite runs before the node answers: half an hour, and the GB test's two transfers on top
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + "/api/chain-test"))
                .timeout(Duration.ofMinutes(30).plus(options.transferTimeout().multipliedBy(2)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        String name = user != null ? user : System.getenv("DKGW_ADMIN_USER");
        if (name != null && !name.isBlank()) {
            char[] password = Passwords.read("DKGW_ADMIN_PASSWORD", "Password for " + name + ": ");
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (name + ":" + new String(password)).getBytes(StandardCharsets.UTF_8)));
            Arrays.fill(password, '\0');
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(r.body());
        if (r.statusCode() != 200) {
            System.err.println("dkgw chain-test: the node answered HTTP " + r.statusCode() + ": "
                    + answer.path("error").asText(r.body()));
            return 2;
        }
        int i = 0;
        int total = answer.path("tests").size();
        for (JsonNode t : answer.path("tests")) {
            System.out.printf(
                    "[%d/%d] %-7s %s: %s%n",
                    ++i,
                    total,
                    t.path("status").asText(),
                    t.path("name").asText(),
                    t.path("detail").asText());
        }
        boolean couldNotRun =
                total == 1 && answer.path("tests").get(0).path("name").asText().equals("cpa");
        Path written = Path.of(answer.path("reportDir").asText());
        if (!Files.isDirectory(written)) {
            System.out.println("dkgw chain-test: the reports are on the node, in " + written);
        } else if (!written.toAbsolutePath()
                .normalize()
                .equals(reportDir.toAbsolutePath().normalize())) {
            Files.createDirectories(reportDir);
            for (String file : new String[] {ReportFiles.JUNIT, ReportFiles.HTML}) {
                Files.copy(written.resolve(file), reportDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return summary(answer.path("passed").asBoolean(), couldNotRun);
    }
}
