package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The database products a node's store runs on. Nearly all SQL is shared; where they differ (how payload bytes are
 * kept as a stream: a BLOB on H2, a large object on PostgreSQL) the code and the migrations ask which one this is.
 */
enum DatabaseProduct {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    DatabaseProduct(String folder) {
        this.folder = folder;
    }

    /** The name of the folder holding this product's own migrations ({@link ModuleSchema#perDatabaseLocation()}). */
    String folder() {
        return folder;
    }

    /** The product behind {@code c}, from the driver's metadata (which the drivers keep, no round trip). */
    static DatabaseProduct of(Connection c) throws SQLException {
        String name = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("h2")) {
            return H2;
        }
        throw new SQLException("unsupported database " + name + ": the store runs on H2 or PostgreSQL");
    }
}
