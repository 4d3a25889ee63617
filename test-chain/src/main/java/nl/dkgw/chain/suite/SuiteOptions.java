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
 * @param gbFileBytes        the size of the file the Grote Berichten test sends
 */
public record SuiteOptions(
        Duration messageTimeout,
        Duration quietWindow,
        int largePayloadBytes,
        URI counterpartControl,
        boolean failFast,
        long gbFileBytes) {

    /** The Grote Berichten test's file size unless set: a few MB, so a suite run stays quick. */
    public static final long DEFAULT_GB_FILE_BYTES = 4L * 1024 * 1024 + 321;

    public SuiteOptions(
            Duration messageTimeout,
            Duration quietWindow,
            int largePayloadBytes,
            URI counterpartControl,
            boolean failFast) {
        this(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, failFast, DEFAULT_GB_FILE_BYTES);
    }

    public SuiteOptions(Duration messageTimeout, Duration quietWindow, int largePayloadBytes, URI counterpartControl) {
        this(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, false);
    }

    public static SuiteOptions defaults() {
        return new SuiteOptions(Duration.ofSeconds(60), Duration.ofSeconds(2), 5 * 1024 * 1024, null, false);
    }

    public SuiteOptions withControl(URI control) {
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, control, failFast, gbFileBytes);
    }

    public SuiteOptions withMessageTimeout(Duration timeout) {
        return new SuiteOptions(timeout, quietWindow, largePayloadBytes, counterpartControl, failFast, gbFileBytes);
    }

    public SuiteOptions withFailFast(boolean stop) {
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, stop, gbFileBytes);
    }

    public SuiteOptions withGbFileBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the GB test's file must have at least one byte: " + bytes);
        }
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, failFast, bytes);
    }
}
