package nl.dkgw.chain.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.chain.report.ChainTestReport;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.chain.report.ReportIndex;
import nl.dkgw.chain.simulator.ControlEndpoint;
import nl.dkgw.chain.simulator.FlowDelivery;
import nl.dkgw.chain.simulator.SimulatedChain;
import nl.dkgw.chain.simulator.Simulator;
import nl.dkgw.chain.simulator.SimulatorKind;
import nl.dkgw.chain.suite.ChainTestSuite;
import nl.dkgw.chain.suite.SuiteOptions;
import nl.dkgw.chain.suite.SuiteProgress;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.chaintest.ChainTestRunner;
import nl.dkgw.gateway.diagnosis.DiagnosisReport;
import nl.dkgw.gateway.diagnosis.LinkDiagnosis;
import nl.dkgw.routes.catalogue.SampleEvents;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.node.GatewayFlows;
import nl.dkgw.routes.vaccination.VaccinationFlow;

/**
 * The full local chain: a test PKI and CPAs; a GGD gateway whose three flows send sample events (taken over REST)
 * to the simulated RIVM CIMS and MijnOverheid; the compliance echo service and the foreign peer (the reference
 * adapter's habits) in all six profiles; a diagnosis of every link; and the compliance suite against every
 * counterpart, with its reports. The GGD gateway is set up as docs/interop.md says for the foreign peer
 * (compatibility mode, intermediate CAs). Passed only when every CPA imported, every event reached its receiving
 * system schema-valid, every link diagnosed healthy and every suite passed.
 */
public final class FullChainDemo {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final PrintStream out;
    private final SuiteOptions suiteOptions;
    private final List<Path> reports = new ArrayList<>();
    private final List<ReportIndex.Entry> indexEntries = new ArrayList<>();

    public FullChainDemo(Path dir, PrintStream out, SuiteOptions suiteOptions) {
        this.dir = dir;
        this.out = out;
        this.suiteOptions = suiteOptions;
    }

    /** The report directories written, in order. */
    public List<Path> reports() {
        return List.copyOf(reports);
    }

    /** Runs the chain and stops every node; true when everything passed. */
    public boolean run(SuiteProgress progress) throws Exception {
        try (RunningDemo demo = runAndKeep(progress, null)) {
            return demo.passed();
        }
    }

    /**
     * Runs the chain and leaves every node running for the caller to close. With a {@code login}, every node's
     * admin API and console take it (and only it); without, they run unauthenticated on loopback.
     */
    public RunningDemo runAndKeep(SuiteProgress progress, DemoLogin login) throws Exception {
        Instant started = Instant.now();
        out.println("dkgw demo: test PKI, CPAs, node data and reports in " + dir);
        SimulatedChain chain = SimulatedChain.prepare(dir);
        if (login != null) {
            chain.withAdminUsers(login.users());
        }
        out.println(
                "test PKI ready (" + Duration.between(started, Instant.now()).toMillis() + " ms)");
        Gateway ggd = null;
        ControlEndpoint control = null;
        RunningDemo demo;
        try {
            ggd = Gateway.start(chain.clientConfig(0, 0), dir.resolve("ggd"));
            URI ggdEndpoint = URI.create("https://localhost:" + ggd.ebmsPort() + "/ebms");
            chain.start(List.of(SimulatorKind.values()), ggdEndpoint);
            control = ControlEndpoint.start(chain.simulators(), 0);
            demo = new RunningDemo(dir, ggd, chain, control, login);
        } catch (Exception | Error e) {
            if (control != null) {
                control.close();
            }
            chain.close();
            if (ggd != null) {
                ggd.close();
            }
            throw e;
        }
        try {
            boolean passed = exercise(demo, started, progress);
            Path index = ReportIndex.write(dir.resolve("reports"), indexEntries, Instant.now());
            demo.finished(passed, index);
            out.println();
            out.println("reports (index: " + index + "):");
            reports.forEach(r -> out.println("  " + r.resolve(ReportFiles.HTML)));
            out.println("took " + Duration.between(started, Instant.now()).toMillis() / 1000.0 + " s");
            out.println(
                    passed
                            ? "demo passed: events delivered, every link healthy, every chain test passed"
                            : "demo FAILED: see the lines marked FAIL and the reports");
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    /** Sends the flows' sample events, diagnoses every link and chain-tests every counterpart. */
    private boolean exercise(RunningDemo demo, Instant started, SuiteProgress progress) throws Exception {
        Gateway ggd = demo.ggd();
        SimulatedChain chain = demo.chain();
        boolean passed = true;
        URI ggdEndpoint = URI.create("https://localhost:" + ggd.ebmsPort() + "/ebms");
        Map<String, String> refused = chain.importEachInto(ggd);
        chain.writeClientConfig(ggdEndpoint, ggd.adminPort());
        out.println("nodes started (" + Duration.between(started, Instant.now()).toMillis() + " ms)");
        out.println("GGD gateway (OIN " + SimulatedChain.CLIENT_OIN + ") at " + ggdEndpoint);
        for (Simulator s : chain.simulators()) {
            out.println("simulator " + s.name() + " (" + s.kind().description() + ") at " + s.endpoint()
                    + (s.kind().foreign() ? ", habits " + s.habits() : ""));
        }
        for (Map.Entry<String, String> r : refused.entrySet()) {
            out.println("  FAIL the GGD gateway refused CPA " + r.getKey() + ": " + r.getValue());
            passed = false;
        }
        Simulator cims = chain.simulator(SimulatorKind.CIMS);
        Simulator mo = chain.simulator(SimulatorKind.MIJNOVERHEID);
        try (GatewayFlows flows = GatewayFlows.start(ggd, flows(cims, mo), dir.resolve("ggd"))) {
            passed &= sendEvents(flows.runtime().restPort(), cims, mo);
        }
        passed &= diagnose(ggd, chain);
        ControlEndpoint control = demo.control();
        for (Simulator s : chain.simulators()) {
            for (Map.Entry<Profile, String> cpa : s.cpaIds().entrySet()) {
                passed &= chainTest(ggd, s, cpa.getKey(), cpa.getValue(), control, progress);
            }
        }
        return passed;
    }

    private static FlowsConfig flows(Simulator cims, Simulator mo) {
        Map<String, FlowsConfig.FlowConfig> defs = new LinkedHashMap<>();
        Profile cimsProfile = cims.kind().profiles().get(0);
        Profile moProfile = mo.kind().profiles().get(0);
        defs.put(TestResultFlow.NAME, send(cims, cimsProfile, TestResultFlow.NAME, Map.of()));
        defs.put(VaccinationFlow.NAME, send(cims, cimsProfile, VaccinationFlow.NAME, Map.of()));
        defs.put(
                StatusNoticeFlow.NAME,
                send(
                        mo,
                        moProfile,
                        StatusNoticeFlow.NAME,
                        Map.of("sender-oin", SimulatedChain.CLIENT_OIN, "sender-application", "ZAAKSYSTEEM")));
        return new FlowsConfig(null, new FlowsConfig.Rest("127.0.0.1", 0), null, defs);
    }

    private static FlowsConfig.FlowConfig send(Simulator s, Profile profile, String flow, Map<String, String> props) {
        String action = s.kind().flows().stream()
                .filter(f -> f.flow().equals(flow))
                .findFirst()
                .orElseThrow()
                .action();
        return new FlowsConfig.FlowConfig(
                new FlowsConfig.Send(
                        s.cpaId(profile),
                        s.kind().service(profile),
                        action,
                        null,
                        new FlowsConfig.Sources(null, true, null, null, null, null)),
                null,
                props);
    }

    private boolean sendEvents(int restPort, Simulator cims, Simulator mo) throws Exception {
        out.println();
        out.println("flows: sample events from the GGD's systems over REST");
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Map<String, Simulator> receiver = new LinkedHashMap<>();
        receiver.put(TestResultFlow.NAME, cims);
        receiver.put(VaccinationFlow.NAME, cims);
        receiver.put(StatusNoticeFlow.NAME, mo);
        boolean ok = true;
        for (Map.Entry<String, Simulator> e : receiver.entrySet()) {
            String flow = e.getKey();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/flows/" + flow))
                            .header("Content-Type", "application/json")
                            .header(
                                    "Idempotency-Key",
                                    "demo-" + flow + "-" + Instant.now().toEpochMilli())
                            .POST(HttpRequest.BodyPublishers.ofString(SampleEvents.of(flow, "DEMO-" + flow)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                out.printf("  FAIL %-20s the REST source answered %d: %s%n", flow, r.statusCode(), r.body());
                ok = false;
                continue;
            }
            String messageId = json.readTree(r.body()).path("messageId").asText();
            Optional<FlowDelivery> d = awaitDelivery(e.getValue(), messageId);
            if (d.isPresent() && d.get().accepted()) {
                out.printf(
                        "  ok   %-20s %s -> %s: schema-valid, delivered (%d bytes)%n",
                        flow, messageId, e.getValue().name(), d.get().bytes());
            } else {
                out.printf(
                        "  FAIL %-20s %s -> %s: %s%n",
                        flow,
                        messageId,
                        e.getValue().name(),
                        d.map(x -> "rejected: " + x.reason())
                                .orElse("not delivered within " + EVENT_TIMEOUT.toSeconds() + " s"));
                ok = false;
            }
        }
        return ok;
    }

    private static Optional<FlowDelivery> awaitDelivery(Simulator s, String messageId) throws InterruptedException {
        Instant until = Instant.now().plus(EVENT_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            Optional<FlowDelivery> d = s.deliveries().stream()
                    .filter(x -> messageId.equals(x.messageId()))
                    .findFirst();
            if (d.isPresent()) {
                return d;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private boolean diagnose(Gateway ggd, SimulatedChain chain) {
        out.println();
        out.println("diagnosis of every link (CPA, DNS, TCP, TLS, certificates, HTTP, ebMS Ping):");
        LinkDiagnosis diagnosis = LinkDiagnosis.forNode(ggd);
        boolean ok = true;
        for (Simulator s : chain.simulators()) {
            for (Map.Entry<Profile, String> cpa : s.cpaIds().entrySet()) {
                DiagnosisReport r = diagnosis.run(cpa.getValue());
                out.printf(
                        "  %-4s %-13s %-8s %s%n",
                        r.linkWorks() ? "ok" : "FAIL",
                        s.name(),
                        cpa.getKey().code(),
                        r.firstFailure().map(f -> f.layer() + ": " + f.found()).orElse("every layer passed"));
                ok &= r.linkWorks();
            }
        }
        return ok;
    }

    private boolean chainTest(
            Gateway ggd, Simulator s, Profile profile, String cpaId, ControlEndpoint control, SuiteProgress progress)
            throws Exception {
        out.println();
        out.println("chain test: " + s.name() + " " + profile.code() + " (CPA " + cpaId + ")");
        Instant t0 = Instant.now();
        ChainTestReport report = new ChainTestSuite(ggd, cpaId, suiteOptions.withControl(control.url(s))).run(progress);
        Path reportDir = dir.resolve("reports").resolve(s.name() + "-" + profile.code());
        ReportFiles.write(report, reportDir);
        reports.add(reportDir);
        indexEntries.add(new ReportIndex.Entry(
                reportDir, s.name() + " " + profile.code() + " (CPA " + cpaId + ")", report.passed()));
        out.println("  " + (report.passed() ? "passed" : "FAILED") + ": "
                + report.tests().size() + " tests, "
                + report.count(ChainTestRunner.Status.FAILED) + " failed, "
                + report.count(ChainTestRunner.Status.SKIPPED) + " skipped ("
                + Duration.between(t0, Instant.now()).toMillis() + " ms)");
        return report.passed();
    }
}
