package nl.dkgw.gateway.store.jdbc;

import java.time.Clock;
import javax.sql.DataSource;
import nl.dkgw.gateway.store.Store;

/**
 * Builds the {@link Store} of one node on one DataSource and clock. Row timestamps (created, updated, reported) come
 * from the node's {@link Clock}; due times and leases from the {@link JdbcDatabaseClock}: the database's, unless a test
 * moves time by hand ({@link #onClock}). A node's store shares the node's {@link GroupCommit} ({@link #of(GroupCommit,
 * Clock)}); a store built on a bare DataSource (tests, tools) runs those writes in transactions of their own.
 */
public final class JdbcStore {

    private JdbcStore() {}

    /** Row timestamps from the system clock (UTC), leases and due times from the database's clock. */
    public static Store of(DataSource dataSource) {
        return of(dataSource, Clock.systemUTC());
    }

    /**
     * Row timestamps from {@code clock}, this node's clock; leases and due times never: they follow the database's
     * clock, the one all nodes of a cluster share.
     */
    public static Store of(DataSource dataSource, Clock clock) {
        return build(dataSource, clock, null, StoreTransactions.OF_THIS_PROCESS);
    }

    /** As {@link #of(DataSource, Clock)}, counting its units of work in {@code counts} (a node's own). */
    public static Store of(DataSource dataSource, Clock clock, StoreTransactions counts) {
        return build(dataSource, clock, null, counts);
    }

    /**
     * As {@link #of(DataSource, Clock)}, on the pool of {@code writers} and counting in its counts: the short writes of
     * the hot path (storing a small message, recording an attempt, an acknowledgment) share transactions through
     * those writers ({@link GroupCommit}); whoever made them closes them before the pool.
     */
    public static Store of(GroupCommit writers, Clock clock) {
        return of(writers, clock, PartStreamLimit.none());
    }

    /**
     * As {@link #of(GroupCommit, Clock)}, opening large payload parts within {@code partStreams}: a node's store, which
     * shares the bound with its {@link JdbcMessageQueries}.
     */
    public static Store of(GroupCommit writers, Clock clock, PartStreamLimit partStreams) {
        return build(new Jdbc(writers, partStreams), clock, null);
    }

    /**
     * Row timestamps and also due times and leases from {@code clock}, not from the database: for a test that moves
     * time by hand, or one node on its own. A cluster keeps the database's clock ({@link #of(DataSource, Clock)}).
     */
    public static Store onClock(DataSource dataSource, Clock clock) {
        return build(dataSource, clock, clock, StoreTransactions.OF_THIS_PROCESS);
    }

    private static Store build(DataSource dataSource, Clock clock, Clock shared, StoreTransactions counts) {
        return build(new Jdbc(dataSource, counts), clock, shared);
    }

    private static Store build(Jdbc jdbc, Clock clock, Clock shared) {
        JdbcDatabaseClock databaseClock = new JdbcDatabaseClock(jdbc, shared);
        JdbcDeliveryTasks tasks = new JdbcDeliveryTasks(jdbc, clock, databaseClock);
        return new Store(
                new JdbcMessages(jdbc, clock, tasks),
                new JdbcPayloads(jdbc),
                tasks,
                new JdbcDeliveryAttempts(jdbc),
                new JdbcPeerAnswers(jdbc, clock),
                new JdbcRouteClaims(jdbc),
                new JdbcFailureReports(jdbc, clock),
                new JdbcPurge(jdbc),
                databaseClock,
                new JdbcFileTransfers(jdbc, clock, databaseClock),
                new JdbcOfferedFiles(jdbc, clock));
    }
}
