package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import nl.dkgw.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the small units of work of many callers committed together, by a few writer threads, in one
 * transaction each batch. A caller hands its work over and waits until the transaction holding it has committed (or
 * its work failed): "acknowledged means stored" holds as with a transaction of its own. A writer takes the first unit
 * waiting and whatever else waits behind it (at most {@value #MOST_UNITS}), runs them one after the other on one
 * connection, and commits once. A batch is first written without savepoints (on PostgreSQL each is a round trip of its
 * own); when one of its units fails, the whole transaction is rolled back and the batch written again with a savepoint
 * before each unit, so the failing unit is rolled back to its savepoint and fails only its own caller (on PostgreSQL
 * the transaction is usable again only after that roll-back) while the others still commit. A unit's work may
 * therefore run twice, the first run undone: it must do nothing but its statements. Nothing waits
 * for a batch to fill: a unit that finds a writer idle runs at once, alone; batches form only from the callers that
 * arrive while a commit is under way, or (with a linger) shortly after a batch of more than one was found.
 *
 * <p>The writers start with the first unit and stop on {@link #close()}; units still waiting then fail. A writer's
 * unit that asks for a shared transaction itself joins the one it runs in (waiting for a writer from a writer's own
 * unit could wait forever).
 */
public final class GroupCommit implements AutoCloseable {

    /** The most writer threads one store may have ({@code database.writers}). */
    public static final int MOST_WRITERS = 16;
    /** The most units one transaction commits. */
    static final int MOST_UNITS = 64;
    /** The longest a writer may wait for more units ({@code database.commit-linger}). */
    public static final long MOST_LINGER_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** How long {@link #close()} lets a writer finish the batch it is writing. */
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final DataSource dataSource;
    private final StoreTransactions counts;
    private final int writerCount;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Unit<?>> waiting = new LinkedBlockingQueue<>();
    /** The connection of the unit this thread is running, when it is one of the writers. */
    private final ThreadLocal<Connection> runningUnitOn = new ThreadLocal<>();
    /** Guards starting and stopping the writers. */
    private final Object state = new Object();

    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Commits on {@code dataSource}, counting each commit in {@code counts}, with {@code writers} threads (1 to
     * {@value #MOST_WRITERS}); they are started when the first unit arrives.
     */
    public GroupCommit(DataSource dataSource, StoreTransactions counts, int writers) {
        this(dataSource, counts, writers, Duration.ZERO);
    }

    /**
     * As {@link #GroupCommit(DataSource, StoreTransactions, int)}, with a writer that, having found more than one unit
     * waiting (a sign of load), waits up to {@code linger} for more before it writes the batch ({@code
     * database.commit-linger}, 0 to {@value #MOST_LINGER_MILLIS} ms): fewer, larger commits, each caller answered that
     * much later. A unit that finds the writer idle and nothing else waiting is written at once.
     */
    public GroupCommit(DataSource dataSource, StoreTransactions counts, int writers, Duration linger) {
        this(dataSource, counts, writers, lingerNanos(linger));
    }

    /** Any linger, for a test that must see a writer lingering for certain. */
    GroupCommit(DataSource dataSource, StoreTransactions counts, int writers, long lingerNanos) {
        if (writers < 1 || writers > MOST_WRITERS) {
            throw new IllegalArgumentException("writers must be 1 to " + MOST_WRITERS + ", not " + writers);
        }
        this.dataSource = dataSource;
        this.counts = counts;
        this.writerCount = writers;
        this.lingerNanos = lingerNanos;
    }

    private static long lingerNanos(Duration linger) {
        if (linger.isNegative() || linger.compareTo(Duration.ofMillis(MOST_LINGER_MILLIS)) > 0) {
            throw new IllegalArgumentException(
                    "the commit linger must be 0 to " + MOST_LINGER_MILLIS + " ms, not " + linger.toMillis() + " ms");
        }
        return linger.toNanos();
    }

    DataSource dataSource() {
        return dataSource;
    }

    StoreTransactions counts() {
        return counts;
    }

    /** How many units wait for a writer now; for a test that lines callers up behind a busy writer. */
    int waiting() {
        return waiting.size();
    }

    /**
     * Runs {@code work} in a transaction it may share with other callers' work and returns once that transaction has
     * committed. It fails as a transaction of its own would: a {@link StoreException} naming {@code doing} for an
     * {@link SQLException}, or the unchecked exception the work threw; then none of its work is stored.
     */
    <T> T run(String doing, Jdbc.Work<T> work) {
        Connection joined = runningUnitOn.get();
        if (joined != null) {
            try {
                return work.run(joined);
            } catch (SQLException e) {
                throw new StoreException(doing, e);
            }
        }
        Unit<T> unit = new Unit<>(doing, work);
        handOver(unit);
        return outcomeOf(unit);
    }

    /**
     * Queues the unit for a writer. No lock on this path, which every store write of the node takes: a monitor here
     * made callers queue behind whichever holder the scheduler had set aside (issue 15: on two cores, hundreds of waits
     * of 20 ms or more per node in a 100 s run). A unit queued while {@link #close()} stops the writers is taken back
     * and refused, unless a writer already took it.
     */
    private void handOver(Unit<?> unit) {
        if (!started) {
            startWriters();
        }
        if (closed) {
            throw closedFor(unit.doing);
        }
        waiting.add(unit);
        if (closed && waiting.remove(unit)) {
            throw closedFor(unit.doing);
        }
    }

    private void startWriters() {
        synchronized (state) {
            if (started || closed) {
                return;
            }
            for (int i = 1; i <= writerCount; i++) {
                Thread writer = new Thread(this::writeUntilStopped, "dkgw-store-writer-" + i);
                writer.setDaemon(true);
                writers.add(writer);
                writer.start();
            }
            started = true;
        }
    }

    /** Waits for the unit's transaction; an interrupt does not end the wait (the work may be committed already). */
    private static <T> T outcomeOf(Unit<T> unit) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return unit.outcome.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new StoreException(unit.doing, e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeUntilStopped() {
        List<Unit<?>> batch = new ArrayList<>(MOST_UNITS);
        while (true) {
            Unit<?> first;
            try {
                first = waiting.take();
            } catch (InterruptedException e) {
                // only close() stops a writer, with a STOP unit; an interrupt from elsewhere is not a reason to
                // leave callers waiting
                continue;
            }
            if (first == Unit.STOP) {
                return;
            }
            batch.add(first);
            waiting.drainTo(batch, MOST_UNITS - 1);
            if (lingerNanos > 0 && batch.size() > 1) {
                lingerForMore(batch);
            }
            // a STOP drained with the batch belongs to another writer: close() queues one per writer
            int stops = 0;
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (batch.get(i) == Unit.STOP) {
                    batch.remove(i);
                    stops++;
                }
            }
            try {
                write(batch);
            } catch (Throwable e) {
                failAll(batch, e);
                LOG.atError()
                        .addKeyValue("event", "store.group-commit-failed")
                        .addKeyValue("units", batch.size())
                        .setCause(e)
                        .log("a store writer failed; the callers of its batch were told");
            }
            batch.clear();
            if (stops > 0) {
                for (int i = 0; i < stops; i++) {
                    waiting.add(Unit.STOP);
                }
            }
        }
    }

    /** Adds the units that arrive within the linger, until the batch is full or a STOP comes. */
    private void lingerForMore(List<Unit<?>> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < MOST_UNITS) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Unit<?> next;
            try {
                next = waiting.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // as in writeUntilStopped: only close() stops a writer; write what is here
            }
            if (next == null) {
                return;
            }
            batch.add(next);
            if (next == Unit.STOP) {
                return;
            }
            waiting.drainTo(batch, MOST_UNITS - batch.size());
        }
    }

    /**
     * One transaction for the batch; every unit's outcome is set when it ends, success only after the commit. A batch of
     * several units is tried without savepoints first and, when a unit of it fails, written again with them.
     */
    private void write(List<Unit<?>> batch) {
        if (batch.size() == 1) {
            write(batch, Savepoints.NONE);
        } else if (!write(batch, Savepoints.NONE_UNLESS_ALL_SUCCEED)) {
            batch.forEach(Unit::reset);
            write(batch, Savepoints.BEFORE_EACH_UNIT);
        }
    }

    /** How a batch's units are kept apart in its transaction. */
    private enum Savepoints {
        /** A unit alone: its failure rolls the transaction back. */
        NONE,
        /** Several units, none expected to fail: the first failure rolls everything back and the batch is written again. */
        NONE_UNLESS_ALL_SUCCEED,
        /** Several units, one of which failed before: each rolled back to its own savepoint when it fails. */
        BEFORE_EACH_UNIT
    }

    /**
     * Writes the batch in one transaction and settles its units, or (with {@link Savepoints#NONE_UNLESS_ALL_SUCCEED})
     * rolls it back at the first unit that fails and returns false, settling nobody.
     */
    private boolean write(List<Unit<?>> batch, Savepoints savepoints) {
        boolean committed = false;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Unit<?> unit : batch) {
                    run(c, unit, savepoints == Savepoints.BEFORE_EACH_UNIT);
                    if (unit.failure != null && savepoints == Savepoints.NONE_UNLESS_ALL_SUCCEED) {
                        return false; // run rolled the transaction back: without a savepoint there is no other way
                    }
                }
                c.commit();
                committed = true;
            } catch (SQLException | RuntimeException | Error e) {
                rollBack(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, committed);
            }
        } catch (SQLException e) {
            if (!committed) {
                failAll(batch, e);
                return true;
            }
            // committed; only handing the connection back failed
        }
        List<String> done = new ArrayList<>(batch.size());
        for (Unit<?> unit : batch) {
            if (unit.failure == null) {
                done.add(unit.doing);
            }
        }
        try {
            if (!done.isEmpty()) {
                counts.countGroupCommit(done);
            }
        } catch (RuntimeException e) {
            // a trace that throws must not turn committed work into a failure for its callers
            LOG.atWarn().addKeyValue("event", "store.count-failed").setCause(e).log("counting a group commit failed");
        }
        batch.forEach(Unit::settle);
        return true;
    }

    /**
     * One unit, with a savepoint before it if asked: its failure then undoes its part only; without one, the whole
     * transaction (the unit alone in it, or a batch to be written again).
     */
    private void run(Connection c, Unit<?> unit, boolean savepoint) throws SQLException {
        Savepoint before = savepoint ? c.setSavepoint() : null;
        runningUnitOn.set(c);
        try {
            unit.run(c);
        } catch (SQLException e) {
            unit.failure = new StoreException(unit.doing, e);
        } catch (RuntimeException e) {
            unit.failure = e;
        } finally {
            runningUnitOn.remove();
        }
        if (unit.failure != null) {
            if (before == null) {
                c.rollback();
            } else {
                c.rollback(before);
            }
        }
    }

    private static void rollBack(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean committed) throws SQLException {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (!committed) {
                throw e;
            }
        }
    }

    /** The whole batch failed (no connection, a failed commit, a broken roll-back): every caller hears so. */
    private static void failAll(List<Unit<?>> batch, Throwable cause) {
        for (Unit<?> unit : batch) {
            unit.outcome.completeExceptionally(
                    unit.failure != null ? unit.failure : new StoreException(unit.doing, cause));
        }
    }

    private static StoreException closedFor(String doing) {
        return new StoreException(doing, new IllegalStateException("the store's writers were stopped"));
    }

    /**
     * Stops the writers: units still waiting fail, a batch being written is finished (for at most {@value
     * #CLOSE_WAIT_SECONDS} s before this returns anyway), units handed over from now on fail at once.
     */
    @Override
    public void close() {
        List<Thread> stopping;
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            List<Unit<?>> left = new ArrayList<>();
            waiting.drainTo(left);
            for (Unit<?> unit : left) {
                unit.outcome.completeExceptionally(closedFor(unit.doing));
            }
            for (int i = 0; i < writers.size(); i++) {
                waiting.add(Unit.STOP);
            }
            stopping = List.copyOf(writers);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        boolean interrupted = false;
        for (Thread writer : stopping) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(writer, left);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (writer.isAlive()) {
                LOG.atWarn()
                        .addKeyValue("event", "store.writer-still-busy")
                        .addKeyValue("thread", writer.getName())
                        .log("a store writer was still writing when the store closed");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A caller's work, its result or failure until the transaction ended, and the future the caller waits on. */
    private static final class Unit<T> {

        /** Tells the writer that takes it to stop. */
        static final Unit<Object> STOP = new Unit<>("stopping a store writer", c -> null);

        final String doing;
        final Jdbc.Work<T> work;
        final CompletableFuture<T> outcome = new CompletableFuture<>();
        T result;
        RuntimeException failure;

        Unit(String doing, Jdbc.Work<T> work) {
            this.doing = doing;
            this.work = work;
        }

        void run(Connection c) throws SQLException {
            result = work.run(c);
        }

        /** Forgets a run that was rolled back, before the unit runs again. */
        void reset() {
            result = null;
            failure = null;
        }

        /** After the commit: the caller gets its result, or its own unit's failure. */
        void settle() {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        }
    }
}
