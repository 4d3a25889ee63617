package nl.dkgw.gateway.chaintest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import nl.dkgw.gateway.api.GatewayNode;

/**
 * The compliance suite (chain test) as the admin API runs it, without the gateway depending on the module that has
 * it: the test-chain module provides the implementation through
 * {@code META-INF/services/nl.dkgw.gateway.chaintest.ChainTestRunner}.
 */
public interface ChainTestRunner {

    /** Runs the suite from this node against the other party of the CPA and writes its reports. */
    Outcome run(GatewayNode node, Request request) throws Exception;

    /** The implementation on the class path, if any. */
    static Optional<ChainTestRunner> find() {
        return ServiceLoader.load(ChainTestRunner.class).findFirst();
    }

    /**
     * @param cpaId              the CPA whose counterpart is tested
     * @param reportDir          where the JUnit XML and HTML report go (null: a new directory under the node's base
     *                           directory)
     * @param counterpartControl the control endpoint of a simulator counterpart (enables the retry test), or null
     * @param gbFileBytes        the size of the Grote Berichten test's file, or null for the suite's default
     * @param timeoutSeconds     how long a message may take to be acknowledged or echoed, or null for the suite's
     *                           default
     * @param failFast           stop at the first failed test
     */
    record Request(
            String cpaId,
            Path reportDir,
            String counterpartControl,
            Long gbFileBytes,
            Long timeoutSeconds,
            boolean failFast) {

        /** With the suite's defaults for the file size and the timeout, running every test. */
        public Request(String cpaId, Path reportDir, String counterpartControl) {
            this(cpaId, reportDir, counterpartControl, null, null, false);
        }
    }

    /** The suite's verdict: passed only when no test failed. */
    record Outcome(boolean passed, Path reportDir, List<Case> tests) {
        public Outcome {
            tests = List.copyOf(tests);
        }
    }

    /** One test of the suite: PASSED, FAILED or SKIPPED (with why), and the MessageIds it sent or received. */
    record Case(String name, Status status, String detail, List<String> messageIds) {
        public Case {
            messageIds = List.copyOf(messageIds);
        }

        public boolean passed() {
            return status != Status.FAILED;
        }
    }

    enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }
}
