package nl.dkgw.gateway.store.jdbc;

import java.util.concurrent.atomic.LongAdder;
import nl.dkgw.gateway.store.TransactionCounts;

/**
 * How many units of work this process has run against its message store, for {@code dkgw_store_transactions_total}:
 * the benchmark divides the increase by the messages sent to get store transactions per message (issue 15 aims at
 * one per message per side). Two kinds: explicit transactions that committed ({@code Jdbc.inTransaction}) and work
 * run on a connection in auto-commit ({@code Jdbc.withConnection}, {@code query}, {@code update}: usually one
 * statement, reads included, each its own transaction to the database). Per process, not per store: a node is a
 * process; tests that run two nodes in one JVM see their sum. Store access that bypasses {@code Jdbc} (the admin
 * API's searches, schema migrations) is not counted.
 */
public final class StoreTransactions implements TransactionCounts {

    /** The counts of this process, the only ones there are. */
    public static final StoreTransactions OF_THIS_PROCESS = new StoreTransactions();

    private static final LongAdder COMMITTED = new LongAdder();
    private static final LongAdder AUTO_COMMIT = new LongAdder();

    private StoreTransactions() {}

    @Override
    public long committed() {
        return COMMITTED.sum();
    }

    @Override
    public long autoCommit() {
        return AUTO_COMMIT.sum();
    }

    static void countCommit() {
        COMMITTED.increment();
    }

    static void countAutoCommit() {
        AUTO_COMMIT.increment();
    }
}
