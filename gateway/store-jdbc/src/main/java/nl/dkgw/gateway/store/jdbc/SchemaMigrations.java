package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import nl.dkgw.gateway.store.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one module's tables up to date with its own Flyway history. A database made before the modules had their
 * own histories has one shared {@value #SHARED_HISTORY} holding every module's migrations; a module that has no
 * history of its own yet takes over from it: its history starts with a baseline at the highest of its migrations the
 * shared history records as done, so nothing runs twice and later migrations run as usual. The shared history is
 * left as it was.
 */
public final class SchemaMigrations {

    /** The history table all modules shared before each got its own. */
    public static final String SHARED_HISTORY = "flyway_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {}

    public static void migrate(DataSource dataSource, ModuleSchema schema) {
        if (storedName(dataSource, schema.historyTable()).isEmpty()) {
            adoptedVersion(dataSource, schema).ifPresent(version -> {
                configure(dataSource, schema)
                        .baselineVersion(version)
                        .baselineDescription("done before, per " + SHARED_HISTORY)
                        .load()
                        .baseline();
                LOG.atInfo()
                        .addKeyValue("event", "migrations.adopted")
                        .addKeyValue("module", schema.module())
                        .addKeyValue("version", version)
                        .addKeyValue("history", schema.historyTable())
                        .log("migrations taken over from the shared history");
            });
        }
        // a module new to a database other modules already use starts from an empty baseline
        configure(dataSource, schema)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private static FluentConfiguration configure(DataSource dataSource, ModuleSchema schema) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations(dataSource, schema))
                .table(schema.historyTable());
    }

    /** The module's location and, if it has one, its location for this database product. */
    private static String[] locations(DataSource dataSource, ModuleSchema schema) {
        if (schema.perDatabaseLocation() == null) {
            return new String[] {schema.location()};
        }
        try (Connection c = dataSource.getConnection()) {
            String own = schema.perDatabaseLocation()
                    .replace(ModuleSchema.DATABASE, DatabaseProduct.of(c).folder());
            return new String[] {schema.location(), own};
        } catch (SQLException e) {
            throw new StoreException("finding the database product for the migrations of " + schema.module(), e);
        }
    }

    /** The highest version of this module's migrations that the shared history records as done. */
    private static Optional<MigrationVersion> adoptedVersion(DataSource dataSource, ModuleSchema schema) {
        Optional<String> shared = storedName(dataSource, SHARED_HISTORY);
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        Set<String> done = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT \"script\" FROM \"" + shared.get() + "\" WHERE \"success\" = TRUE")) {
            while (rs.next()) {
                done.add(rs.getString("script"));
            }
        } catch (SQLException e) {
            throw new StoreException("reading " + SHARED_HISTORY + " failed", e);
        }
        MigrationVersion highest = null;
        for (MigrationInfo m : configure(dataSource, schema).load().info().all()) {
            if (m.getVersion() != null
                    && done.contains(m.getScript())
                    && (highest == null || m.getVersion().compareTo(highest) > 0)) {
                highest = m.getVersion();
            }
        }
        return Optional.ofNullable(highest);
    }

    /** The table's name as the database stores it (Flyway quotes it; H2 would fold it to upper case unquoted). */
    private static Optional<String> storedName(DataSource dataSource, String table) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), name, null)) {
                    if (rs.next()) {
                        return Optional.of(rs.getString("TABLE_NAME"));
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("looking for table " + table + " failed", e);
        }
    }
}
