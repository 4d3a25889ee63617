package nl.dkgw.gateway.gb.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link SenderFileStore#removeExpired()} at a fixed interval on a daemon thread, until closed. */
public final class ExpiredFileSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredFileSweeper.class);

    private final ScheduledExecutorService timer;

    public ExpiredFileSweeper(SenderFileStore store, Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dkgw-gb-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        store.removeExpired();
                    } catch (Exception e) {
                        LOG.atWarn()
                                .addKeyValue("event", "gb.sweep-failed")
                                .log("could not remove expired GB files: {}", e.getMessage());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
