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
 * @param gbFileBytes        the size of the file the Grote Berichten test sends (1 byte up to
 *                           {@link #MAX_GB_FILE_BYTES}); the file is generated and checked as a stream, never held
 *                           in memory
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

    /**
     * The largest file the Grote Berichten test sends: 4 GiB. A run stores it four times over (this gateway's offer,
     * the counterpart's download and its offer back, this gateway's download), so a larger one mostly fills disks.
     */
    public static final long MAX_GB_FILE_BYTES = 4L * 1024 * 1024 * 1024;

    /** The longest a message may take to be acknowledged or echoed: an hour (longer is a hung counterpart). */
    public static final Duration MAX_MESSAGE_TIMEOUT = Duration.ofHours(1);

    /**
     * The slowest transfer the Grote Berichten test waits for: 1 MiB/s, far below what loopback or a preprod line
     * carries even on a loaded machine, so only a transfer that stalls runs out of time.
     */
    public static final long SLOWEST_TRANSFER_BYTES_PER_SECOND = 1024 * 1024;

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
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_MESSAGE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the message timeout must be between 1 s and "
                    + MAX_MESSAGE_TIMEOUT.toSeconds() + " s: " + timeout.toSeconds() + " s");
        }
        return new SuiteOptions(timeout, quietWindow, largePayloadBytes, counterpartControl, failFast, gbFileBytes);
    }

    public SuiteOptions withFailFast(boolean stop) {
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, stop, gbFileBytes);
    }

    public SuiteOptions withGbFileBytes(long bytes) {
        if (bytes < 1 || bytes > MAX_GB_FILE_BYTES) {
            throw new IllegalArgumentException(
                    "the GB test's file must have between 1 and " + MAX_GB_FILE_BYTES + " bytes: " + bytes);
        }
        return new SuiteOptions(messageTimeout, quietWindow, largePayloadBytes, counterpartControl, failFast, bytes);
    }

    /**
     * How long one transfer of the Grote Berichten test's file may take (the counterpart's download and its offer
     * back, or this gateway's download of it): the message timeout, for the metadata message around it, plus the
     * file's size at {@link #SLOWEST_TRANSFER_BYTES_PER_SECOND}. For the default few MB that is the message timeout
     * and a few seconds; for 1 GiB, the message timeout and about 17 minutes.
     */
    public Duration transferTimeout() {
        return messageTimeout.plusSeconds(
                (gbFileBytes + SLOWEST_TRANSFER_BYTES_PER_SECOND - 1) / SLOWEST_TRANSFER_BYTES_PER_SECOND);
    }
}
