package nl.dkgw.gateway.store;

/**
 * How many units of work this process has run against its store, for {@code dkgw_store_transactions_total}: explicit
 * transactions that committed, and work run in auto-commit (usually one statement each).
 */
public interface TransactionCounts {

    /** Explicit transactions committed since the process started. */
    long committed();

    /** Pieces of work run in auto-commit since the process started. */
    long autoCommit();
}
