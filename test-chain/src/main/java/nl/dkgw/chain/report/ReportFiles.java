package nl.dkgw.chain.report;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's reports into a directory: {@code TEST-dkgw-chain-test.xml} and {@code chain-test-report.html}. */
public final class ReportFiles {

    public static final String JUNIT = "TEST-dkgw-chain-test.xml";
    public static final String HTML = "chain-test-report.html";

    private ReportFiles() {}

    public static void write(ChainTestReport report, Path dir) throws Exception {
        Files.createDirectories(dir);
        JUnitXmlReport.write(report, dir.resolve(JUNIT));
        HtmlReport.write(report, dir.resolve(HTML));
    }
}
