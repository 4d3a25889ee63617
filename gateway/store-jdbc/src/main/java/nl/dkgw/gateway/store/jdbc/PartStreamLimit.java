package nl.dkgw.gateway.store.jdbc;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many large stored payload parts ({@link StoredPart}) may be open as streams at once on one connection pool. Each
 * open stream holds a pooled connection for as long as its reader takes (a delivery posting it to a slow peer, an
 * operator downloading it), so without a bound enough of them would take every connection and leave the store's
 * writers, the delivery claims and the inbound path waiting for one. A stream opened when all are in use waits for
 * one to close, at most {@value #DEFAULT_WAIT_SECONDS} s on a node, then fails with an {@link IOException} that says
 * why (a delivery counts that as a failed post and retries it later).
 */
public final class PartStreamLimit {

    /**
     * Connections of the pool kept out of reach of part streams besides the store writers': for delivery claims, the
     * inbound path's reads, the console and the health check.
     */
    static final int KEPT_FOR_THE_REST = 4;
    /** How long an open waits for a stream to close: as long as the pool lets a caller wait for a connection. */
    static final int DEFAULT_WAIT_SECONDS = 30;

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(DEFAULT_WAIT_SECONDS);

    private final int streams;
    private final Duration wait;
    private final Semaphore open;

    PartStreamLimit(int streams, Duration wait) {
        if (streams < 1) {
            throw new IllegalArgumentException("at least one part stream must be allowed, not " + streams);
        }
        this.streams = streams;
        this.wait = wait;
        this.open = new Semaphore(streams, true);
    }

    /**
     * For a pool of {@code poolSize} connections of which {@code writers} are the store writers': what remains after
     * those and {@value #KEPT_FOR_THE_REST} more, but at least one.
     */
    public static PartStreamLimit onPool(int poolSize, int writers) {
        return new PartStreamLimit(Math.max(1, poolSize - writers - KEPT_FOR_THE_REST), DEFAULT_WAIT);
    }

    /** No bound: for a store used on its own (tests, tools), where nothing else competes for the pool. */
    public static PartStreamLimit none() {
        return new PartStreamLimit(Integer.MAX_VALUE, DEFAULT_WAIT);
    }

    /** How many part streams may be open at once. */
    public int streams() {
        return streams;
    }

    /**
     * Takes one of the streams for {@code part}, waiting for one to close if all are open; {@link #release()} gives it
     * back.
     */
    void acquire(String part) throws IOException {
        try {
            if (!open.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("cannot open " + part + ": all " + streams
                        + " large payload parts the database pool allows are being read, none closed within "
                        + wait.toSeconds() + " s (raise database.pool-size, or lower delivery.workers)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to open " + part, e);
        }
    }

    void release() {
        open.release();
    }

    @Override
    public String toString() {
        return "PartStreamLimit[" + streams + " streams, wait " + wait + "]";
    }
}
