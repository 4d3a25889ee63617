package nl.dkgw.gateway.store;

/**
 * The repositories of one node's message store: a handle for wiring, with no behaviour of its own. Row timestamps
 * (created, updated, reported) come from the node's clock; due times and leases from the {@link DatabaseClock}. An
 * implementation module builds one (the JDBC store: {@code JdbcStore}).
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
        OfferedFiles offeredFiles) {}
