package nl.dkgw.gateway.store;

import java.time.Clock;
import javax.sql.DataSource;

/**
 * The repositories of one node's message database, built on one DataSource and clock: a handle for wiring, with no
 * behaviour of its own. Row timestamps (created, updated, reported) come from the node's {@link Clock}; due times and
 * leases from the {@link DatabaseClock}.
 */
public record Store(
        Messages messages,
        Payloads payloads,
        DeliveryTasks deliveryTasks,
        DeliveryAttempts deliveryAttempts,
        PeerAnswers peerAnswers,
        RouteClaims routeClaims,
        FailureReports failureReports,
        Purge purge,
        DatabaseClock databaseClock,
        FileTransfers fileTransfers,
        OfferedFiles offeredFiles) {

    /** Row timestamps from the system clock (UTC), leases and due times from the database's clock. */
    public static Store of(DataSource dataSource) {
        return of(dataSource, Clock.systemUTC());
    }

    /**
     * Row timestamps from {@code clock}, this node's clock; leases and due times never: they follow the database's
     * clock, the one all nodes of a cluster share.
     */
    public static Store of(DataSource dataSource, Clock clock) {
        return build(dataSource, clock, null);
    }

    /**
     * Row timestamps and also due times and leases from {@code clock}, not from the database: for a test that moves
     * time by hand, or one node on its own. A cluster keeps the database's clock ({@link #of(DataSource, Clock)}).
     */
    public static Store onClock(DataSource dataSource, Clock clock) {
        return build(dataSource, clock, clock);
    }

    private static Store build(DataSource dataSource, Clock clock, Clock shared) {
        Jdbc jdbc = new Jdbc(dataSource);
        DatabaseClock databaseClock = new DatabaseClock(jdbc, shared);
        DeliveryTasks tasks = new DeliveryTasks(jdbc, clock, databaseClock);
        return new Store(
                new Messages(jdbc, clock, tasks),
                new Payloads(jdbc),
                tasks,
                new DeliveryAttempts(jdbc),
                new PeerAnswers(jdbc, clock),
                new RouteClaims(jdbc),
                new FailureReports(jdbc, clock),
                new Purge(jdbc),
                databaseClock,
                new FileTransfers(jdbc, clock, databaseClock),
                new OfferedFiles(jdbc, clock));
    }
}
