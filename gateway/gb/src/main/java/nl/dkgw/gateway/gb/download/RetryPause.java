package nl.dkgw.gateway.gb.download;

import java.time.Duration;

/** The wait before another attempt; interrupting it stops the download and leaves it to be resumed later. */
@FunctionalInterface
public interface RetryPause {

    /** Waits before attempt {@code nextAttempt} (2 for the first retry). */
    void before(int nextAttempt) throws InterruptedException;

    /** Doubles from {@code first} up to {@code longest}. */
    static RetryPause doubling(Duration first, Duration longest) {
        return nextAttempt -> {
            long millis = first.toMillis() << Math.min(20, Math.max(0, nextAttempt - 2));
            Thread.sleep(Math.min(millis, longest.toMillis()));
        };
    }
}
