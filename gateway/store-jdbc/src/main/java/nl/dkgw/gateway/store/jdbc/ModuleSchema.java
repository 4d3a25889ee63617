package nl.dkgw.gateway.store.jdbc;

/**
 * The tables one module keeps in the node's database: its Flyway location and its own history table, so that
 * modules add migrations without sharing one numbering. A module whose migrations must differ per database also
 * names a {@code perDatabaseLocation} in which {@value #DATABASE} stands for the product's folder ({@code h2},
 * {@code postgresql}); its migrations share the one numbering and history with {@code location}'s.
 */
public record ModuleSchema(String module, String location, String perDatabaseLocation, String historyTable) {

    /** In {@link #perDatabaseLocation()}: replaced by the database product's folder. */
    public static final String DATABASE = "{database}";

    /** A module whose migrations are the same on every database. */
    public ModuleSchema(String module, String location, String historyTable) {
        this(module, location, null, historyTable);
    }
}
