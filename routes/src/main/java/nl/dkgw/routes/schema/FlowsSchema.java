package nl.dkgw.routes.schema;

import javax.sql.DataSource;
import nl.dkgw.routes.config.FlowsConfig;
import org.flywaydb.core.Flyway;

/**
 * Brings the flows database ({@code flows.database}, PostgreSQL) up to date at start: the routes module's own
 * migrations, in their own history table {@value #HISTORY}, apart from the gateway's even when both use one
 * database. That database usually holds the internal system's tables too, so a first run starts from an empty
 * baseline instead of refusing a non-empty schema.
 */
public final class FlowsSchema {

    /** The Flyway history of the routes module's migrations. */
    public static final String HISTORY = "flyway_schema_history_flows";

    private FlowsSchema() {}

    public static void migrate(DataSource dataSource, FlowsConfig config) {
        FlowTables tables = new FlowTables(config);
        if (tables.isEmpty()) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY)
                .locations(new String[0])
                .javaMigrations(tables)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
