package nl.dkgw.gateway.store.jdbc;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import nl.dkgw.gateway.store.TransactionCounts;

/**
 * How many units of work a node has run against its message store, for {@code dkgw_store_transactions_total}: the
 * benchmark divides the increase by the messages sent to get store transactions per message (issue 15 aims at one
 * per message per side). Two kinds: explicit transactions that committed ({@code Jdbc.inTransaction}, and a {@link GroupCommit}'s: one for the
 * batch of callers' work it committed together) and work run on
 * a connection in auto-commit ({@code Jdbc.withConnection}, {@code query}, {@code update}: usually one statement,
 * reads included, each its own transaction to the database). A node counts its own store ({@link #ofOneNode}); every
 * count also goes to {@link #OF_THIS_PROCESS}, which sees the sum when a test runs two nodes in one JVM. Store access
 * that bypasses {@code Jdbc} (the admin API's searches, schema migrations) is not counted.
 */
public final class StoreTransactions implements TransactionCounts {

    /** What one unit of work was doing, as it names itself; for a test or a diagnosis that lists them. */
    @FunctionalInterface
    public interface Trace {
        /** A unit of work ended: committed as a transaction ({@code transaction} true) or ran in auto-commit. */
        void ran(String doing, boolean transaction);
    }

    private static final Trace NONE = (doing, transaction) -> {};

    /** The counts of this whole process, all nodes in it together. */
    public static final StoreTransactions OF_THIS_PROCESS = new StoreTransactions(null);

    private final LongAdder committed = new LongAdder();
    private final LongAdder autoCommit = new LongAdder();
    private final StoreTransactions process;
    private volatile Trace trace = NONE;

    private StoreTransactions(StoreTransactions process) {
        this.process = process;
    }

    /** A counter of one node's store, adding to the process' counts as well. */
    public static StoreTransactions ofOneNode() {
        return new StoreTransactions(OF_THIS_PROCESS);
    }

    @Override
    public long committed() {
        return committed.sum();
    }

    @Override
    public long autoCommit() {
        return autoCommit.sum();
    }

    /** Tells {@code trace} about every unit of work from now on (null: nobody). */
    public void trace(Trace trace) {
        this.trace = trace == null ? NONE : trace;
    }

    void countCommit(String doing) {
        committed.increment();
        trace.ran(doing, true);
        if (process != null) {
            process.countCommit(doing);
        }
    }

    /**
     * One transaction that committed the work of several callers ({@link GroupCommit}): one commit, traced once with
     * the units it held, joined by {@code " + "}.
     */
    void countGroupCommit(List<String> doings) {
        if (doings.size() == 1) {
            countCommit(doings.get(0));
            return;
        }
        committed.increment();
        Trace t = trace;
        if (t != NONE) {
            t.ran(String.join(" + ", doings), true);
        }
        if (process != null) {
            process.countGroupCommit(doings);
        }
    }

    void countAutoCommit(String doing) {
        autoCommit.increment();
        trace.ran(doing, false);
        if (process != null) {
            process.countAutoCommit(doing);
        }
    }
}
