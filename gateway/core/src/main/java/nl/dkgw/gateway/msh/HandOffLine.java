package nl.dkgw.gateway.msh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.MessageToPost;

/**
 * Messages stored held by this node while every delivery worker was busy: the next worker that comes free posts them,
 * first come first served, so they need no claim of the poller. A place is taken before the message is stored (so a
 * message held at its insert always finds room) and given back when its message leaves the line or is not stored.
 * The line is as long as there are workers and takes only messages with small parts ({@link #LARGEST_PARTS}), so it
 * holds little in memory beyond what the workers do.
 *
 * <p>A message that waited longer than half its lease is not posted from the line: near the end of its lease another
 * node may claim it as well, so it is left to the claims, which take it once its lease has run out.
 */
final class HandOffLine {

    /**
     * The most bytes of payload parts a message in line may hold in memory (64 KiB): a larger one waits for the
     * claims, which read its parts from the store when a worker is free.
     */
    static final long LARGEST_PARTS = 64 * 1024;

    /** A stored message waiting for a worker, since {@code since} on the scheduler's clock. */
    record Waiting(DeliveryTask task, MessageToPost toPost, Instant since) {}

    private final Semaphore places;
    private final ConcurrentLinkedQueue<Waiting> line = new ConcurrentLinkedQueue<>();
    private final Duration longestWait;
    private final Clock clock;

    /** A line of {@code length} places; a message may wait in it up to half of {@code lease}. */
    HandOffLine(int length, Duration lease, Clock clock) {
        this.places = new Semaphore(length);
        this.longestWait = lease.dividedBy(2);
        this.clock = clock;
    }

    /** Takes a place for a message about to be stored; false when the line is full. */
    boolean takePlace() {
        return places.tryAcquire();
    }

    /** Gives back a place taken by {@link #takePlace()} whose message is not joining the line. */
    void givePlaceBack() {
        places.release();
    }

    /** Puts a stored message, whose place was taken before it was stored, at the end of the line. */
    void join(DeliveryTask task, MessageToPost toPost) {
        line.add(new Waiting(task, toPost, clock.instant()));
    }

    boolean anyWaiting() {
        return !line.isEmpty();
    }

    /** The message first in line, its place given back; empty when none waits. */
    Optional<Waiting> next() {
        Waiting first = line.poll();
        if (first == null) {
            return Optional.empty();
        }
        places.release();
        return Optional.of(first);
    }

    /** Whether {@code waiting} waited too long to be posted from the line (see the class comment). */
    boolean waitedTooLong(Waiting waiting) {
        return Duration.between(waiting.since(), clock.instant()).compareTo(longestWait) > 0;
    }
}
