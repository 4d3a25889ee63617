package nl.dkgw.chain.report;

import java.time.Duration;
import java.util.List;
import nl.dkgw.gateway.chaintest.ChainTestRunner;

/**
 * One test of the compliance suite as it ended: what it checks, PASSED / FAILED / SKIPPED with the reason, the
 * MessageIds involved, and the evidence (answers, receipts, attempts) as text.
 */
public record TestCaseResult(
        String name,
        String checks,
        ChainTestRunner.Status status,
        String detail,
        List<String> messageIds,
        List<Evidence> evidence,
        Duration took) {

    /** One piece of evidence: a title and its text (an Acknowledgment envelope, a delivery attempt list, ...). */
    public record Evidence(String title, String text) {}

    public TestCaseResult {
        messageIds = List.copyOf(messageIds);
        evidence = List.copyOf(evidence);
    }

    public boolean passed() {
        return status == ChainTestRunner.Status.PASSED;
    }

    public boolean failed() {
        return status == ChainTestRunner.Status.FAILED;
    }

    public boolean skipped() {
        return status == ChainTestRunner.Status.SKIPPED;
    }
}
