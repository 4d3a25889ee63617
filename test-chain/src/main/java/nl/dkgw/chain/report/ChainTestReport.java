package nl.dkgw.chain.report;

import java.time.Instant;
import java.util.List;
import nl.dkgw.gateway.chaintest.ChainTestRunner;

/**
 * A run of the compliance suite: which link was tested (the CPA, both parties' OINs, the counterpart's endpoint and
 * the profile), when, and every test's result. Passed only when no test failed.
 */
public record ChainTestReport(
        String cpaId,
        String ownOin,
        String counterpartOin,
        String endpoint,
        String profile,
        String service,
        Instant started,
        Instant finished,
        List<TestCaseResult> tests) {

    public ChainTestReport {
        tests = List.copyOf(tests);
    }

    public boolean passed() {
        return tests.stream().noneMatch(TestCaseResult::failed);
    }

    public long count(ChainTestRunner.Status status) {
        return tests.stream().filter(t -> t.status() == status).count();
    }

    public TestCaseResult test(String name) {
        return tests.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no test '" + name + "' in this run"));
    }
}
