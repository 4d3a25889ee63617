package nl.dkgw.gateway.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap that received ebMS requests may occupy together ({@code limits.max-inflight-bytes}), so that no peer, and
 * no number of peers at once, can make the node run out of memory with what they send.
 *
 * <p>Only what a request holds in memory counts. A body up to {@code limits.spool-threshold-bytes} is held in memory
 * and held several times over while it is processed, so every one of its bytes costs {@link #EXPANSION_FACTOR} bytes
 * of this budget. Counted from the code path (a body of N bytes):
 * <ol>
 *   <li>{@code EbmsHttpHandler} reads the body into one array (N; while reading, the chunks and the result: 2N);
 *   <li>the MIME parser copies each part into an array of its own (N, built in a growing buffer: up to 2N more);
 *   <li>{@code SoapWithAttachments.unpack} copies each part's content into the payload (N, again via chunks);
 *   <li>the store and, on -e profiles, decryption may hold a payload once more (N and more).
 * </ol>
 * A larger body is spooled to a file ({@code BodySpool}) and its payload parts are read from there as streams; what
 * it holds in memory is its SOAP part (at most {@link SoapWithAttachments#MAX_SOAP_PART_BYTES}, the MIME parser
 * refuses a larger one) and what is made of it (the DOM, the signature's canonical form). It is counted as a body of
 * {@code min(size, max SOAP part)} bytes, but never less than the threshold: however large, a spooled body costs at
 * most {@code factor * max(threshold, max SOAP part)} bytes of this budget (6 x 4 MiB by default), whatever its size.
 *
 * <p>A request whose share exceeds the whole budget can never be held: it is refused (HTTP 413). A request that fits,
 * but not beside those already in progress, waits for them at most {@code limits.inflight-wait} and is then answered
 * 503 (the sender retries per its CPA; nothing is lost).
 */
public final class InboundMemoryBudget {

    /** Bytes of heap one received body byte costs while it is processed (see the class comment). */
    public static final int EXPANSION_FACTOR = 6;

    private static final Logger LOG = LoggerFactory.getLogger(InboundMemoryBudget.class);

    /** What {@link Reservation#growTo} decided. */
    public enum Verdict {
        /** The bytes are reserved. */
        GRANTED,
        /** The size times the factor exceeds the whole budget: it can never be held. */
        NEVER_FITS,
        /** It would fit, but the others in progress did not make room within the wait. */
        BUSY
    }

    private final long budgetBytes;
    private final Duration wait;
    private final long spoolThresholdBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long reservedBytes;

    /**
     * @param budgetBytes heap (bytes) all inbound requests together may occupy
     * @param wait        how long a request that fits waits for room before it is answered 503
     */
    public InboundMemoryBudget(long budgetBytes, Duration wait) {
        this(budgetBytes, wait, Long.MAX_VALUE);
    }

    /**
     * @param budgetBytes         heap (bytes) all inbound requests together may occupy
     * @param wait                how long a request that fits waits for room before it is answered 503
     * @param spoolThresholdBytes bodies larger than this are spooled to disk and count only what they hold in memory
     */
    public InboundMemoryBudget(long budgetBytes, Duration wait, long spoolThresholdBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("limits.max-inflight-bytes must be positive: " + budgetBytes);
        }
        if (spoolThresholdBytes <= 0) {
            throw new IllegalArgumentException("limits.spool-threshold-bytes must be positive: " + spoolThresholdBytes);
        }
        this.budgetBytes = budgetBytes;
        this.wait = wait;
        this.spoolThresholdBytes = spoolThresholdBytes;
    }

    /**
     * The bytes of a body of {@code bodyBytes} that are held in memory while it is processed: all of a body up to the
     * spool threshold; of a spooled body, its SOAP part, counted as {@code min(size, max SOAP part)}, but never less
     * than the threshold (so the share only grows as a chunked body grows).
     */
    public long heldInMemory(long bodyBytes) {
        if (bodyBytes <= spoolThresholdBytes) {
            return bodyBytes;
        }
        return Math.max(spoolThresholdBytes, Math.min(bodyBytes, SoapWithAttachments.MAX_SOAP_PART_BYTES));
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public Duration waitLimit() {
        return wait;
    }

    /** The largest body this budget can ever hold, alone; {@link Long#MAX_VALUE} when spooled bodies of any size fit. */
    public long largestBody() {
        long held = budgetBytes / EXPANSION_FACTOR;
        return held >= heldInMemory(Long.MAX_VALUE) ? Long.MAX_VALUE : held;
    }

    /** Heap bytes reserved right now (for tests and metrics). */
    public long reservedBytes() {
        lock.lock();
        try {
            return reservedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Logs one warning when the largest message {@code limits.max-message-bytes} allows cannot be held by this
     * budget: such messages will be refused with 413 although the size limit admits them.
     */
    public void warnIfSmallerThan(long maxMessageBytes) {
        if (maxMessageBytes > largestBody()) {
            LOG.atWarn()
                    .addKeyValue("event", "limits.heap-too-small")
                    .addKeyValue("maxMessageBytes", maxMessageBytes)
                    .addKeyValue("maxInflightBytes", budgetBytes)
                    .addKeyValue("largestReceivable", largestBody())
                    .log(
                            "the largest message limits.max-message-bytes allows ({} bytes) cannot be held by this heap: "
                                    + "limits.max-inflight-bytes is {} bytes and a message needs about {} times what it "
                                    + "holds in memory (all of it up to limits.spool-threshold-bytes, {} bytes; its SOAP "
                                    + "part, counted as up to {} bytes, when spooled), so messages over {} bytes are refused "
                                    + "with 413; raise the heap (-Xmx) or limits.max-inflight-bytes, or lower "
                                    + "limits.max-message-bytes",
                            maxMessageBytes,
                            budgetBytes,
                            EXPANSION_FACTOR,
                            spoolThresholdBytes,
                            heldInMemory(Long.MAX_VALUE),
                            largestBody());
        }
    }

    /** A new, empty reservation for one request; close it when the request is answered. */
    public Reservation open() {
        return new Reservation();
    }

    /** The part of the budget one request holds. */
    public final class Reservation implements AutoCloseable {

        private long heldBytes;

        private Reservation() {}

        /**
         * Raises this request's share to what a body of {@code bodyBytes} received (or declared) bytes holds in memory
         * ({@link #heldInMemory}), times the factor, waiting at most the configured time for others to release theirs.
         */
        public Verdict growTo(long bodyBytes) {
            long held = heldInMemory(bodyBytes);
            long wanted = Math.multiplyHigh(held, EXPANSION_FACTOR) != 0 ? Long.MAX_VALUE : held * EXPANSION_FACTOR;
            if (wanted > budgetBytes) {
                return Verdict.NEVER_FITS;
            }
            if (wanted <= heldBytes) {
                return Verdict.GRANTED;
            }
            long more = wanted - heldBytes;
            long nanos = wait.toNanos();
            lock.lock();
            try {
                while (reservedBytes + more > budgetBytes) {
                    if (nanos <= 0) {
                        return Verdict.BUSY;
                    }
                    nanos = released.awaitNanos(nanos);
                }
                reservedBytes += more;
                heldBytes = wanted;
                return Verdict.GRANTED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.BUSY;
            } finally {
                lock.unlock();
            }
        }

        /** Returns this request's share to the budget. */
        @Override
        public void close() {
            if (heldBytes == 0) {
                return;
            }
            lock.lock();
            try {
                reservedBytes -= heldBytes;
                heldBytes = 0;
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Seconds a sender is asked to wait before it tries again after a 503 (at least 1). */
    long retryAfterSeconds() {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait.toNanos() + 999_999_999L));
    }
}
