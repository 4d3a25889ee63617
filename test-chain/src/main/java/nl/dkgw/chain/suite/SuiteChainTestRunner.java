package nl.dkgw.chain.suite;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nl.dkgw.chain.report.ChainTestReport;
import nl.dkgw.chain.report.ReportFiles;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.chaintest.ChainTestRunner;

/** The compliance suite behind {@code POST /api/chain-test} (found by the gateway through ServiceLoader). */
public final class SuiteChainTestRunner implements ChainTestRunner {

    @Override
    public Outcome run(GatewayNode node, Request request) throws Exception {
        // checked before anything runs: an operator may neither write outside <base>/chain-test/ nor have the node
        // call any URL but a local simulator's control endpoint
        Path dir = request.reportDir() != null
                ? ApiRunLimits.reportDir(node.baseDir(), request.reportDir())
                : defaultDir(node.baseDir(), request.cpaId());
        SuiteOptions options = options(request);
        ChainTestReport report = new ChainTestSuite(node, request.cpaId(), options).run(SuiteProgress.NONE);
        ReportFiles.write(report, dir);
        return outcome(report, dir);
    }

    /** The suite's options for a request, each field checked against {@link ApiRunLimits}; unset fields default. */
    static SuiteOptions options(Request request) {
        SuiteOptions options = SuiteOptions.defaults().withFailFast(request.failFast());
        if (request.counterpartControl() != null
                && !request.counterpartControl().isBlank()) {
            options = options.withControl(ApiRunLimits.control(request.counterpartControl()));
        }
        if (request.gbFileBytes() != null) {
            options = options.withGbFileBytes(ApiRunLimits.gbFileBytes(request.gbFileBytes()));
        }
        if (request.timeoutSeconds() != null) {
            options = options.withMessageTimeout(ApiRunLimits.messageTimeout(request.timeoutSeconds()));
        }
        return options;
    }

    /** {@code <base>/chain-test/<cpa id>-<UTC time>}. */
    public static Path defaultDir(Path base, String cpaId) {
        return base.resolve("chain-test")
                .resolve(cpaId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                .format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    public static Outcome outcome(ChainTestReport report, Path dir) {
        List<Case> cases = report.tests().stream()
                .map(t -> new Case(t.name(), t.status(), t.detail(), t.messageIds()))
                .toList();
        return new Outcome(report.passed(), dir, cases);
    }
}
