package nl.dkgw.chain.suite;

import java.net.URI;
import java.time.Duration;

/**
 * How the suite runs.
 *
 * @param messageTimeout     how long a sent message may take to be acknowledged (or delivered, best effort) and an
 *                           echo to come back
 * @param quietWindow        after a duplicate, how long to watch for a second echo that must not come
 * @param largePayloadBytes  the size of the large-payload test's payload
 * @param counterpartControl a simulator's control URL ({@code http://127.0.0.1:P/simulators/NAME}); enables the
 *                           retry test, which tells the counterpart to answer 503 once. Null: that test is skipped.
 * @param failFast           stop at the first failed test (the rest are reported as skipped)
 */
public record SuiteOptions(
        Duration messageTimeout,
        Duration quietWindow,
        int largePayloadBytes,
        URI counterpartControl,
        boolean failFast) {

    public SuiteOptions(Duration messageTimeout, Duration quietWindow, int largePayloadBytes, URI counterpartControl) {
        this(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, false);
    }

    public static SuiteOptions defaults() {
        return new SuiteOptions(Duration.ofSeconds(60), Duration.ofSeconds(2), 5 * 1024 * 1024, null, false);
    }

    public SuiteOptions withControl(URI control) {
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, control, failFast);
    }

    public SuiteOptions withMessageTimeout(Duration timeout) {
        return new SuiteOptions(timeout, quietWindow, largePayloadBytes, counterpartControl, failFast);
    }

    public SuiteOptions withFailFast(boolean stop) {
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, stop);
    }
}
