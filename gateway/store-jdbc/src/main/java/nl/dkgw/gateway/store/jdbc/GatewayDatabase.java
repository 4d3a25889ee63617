package nl.dkgw.gateway.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.gateway.store.StoreHealth;

/**
 * The gateway's database: a connection pool on H2 or PostgreSQL, migrated to the current schema on open. The tables
 * of the gateway and of the CPA store are two modules' schemas, each with its own migrations and Flyway history.
 */
public final class GatewayDatabase implements StoreHealth, AutoCloseable {

    /**
     * The gateway's own tables (messages, deliveries, audit log, refused signals). From V8 on, a migration that must
     * differ per database (payload bytes: a BLOB on H2, a large object on PostgreSQL) is in {@code db/h2/gateway} and
     * {@code db/postgresql/gateway}, with the same version in both.
     */
    public static final ModuleSchema GATEWAY_SCHEMA = new ModuleSchema(
            "gateway",
            "classpath:db/gateway",
            "classpath:db/" + ModuleSchema.DATABASE + "/gateway",
            "flyway_schema_history_gateway");
    /** The CPA store's tables, migrations of the cpa module. */
    public static final ModuleSchema CPA_SCHEMA =
            new ModuleSchema("cpa", CpaStore.MIGRATIONS, CpaStore.MIGRATION_HISTORY);
    /** What a node's database holds, in the order it is migrated. */
    public static final List<ModuleSchema> SCHEMAS = List.of(GATEWAY_SCHEMA, CPA_SCHEMA);

    private final HikariDataSource dataSource;

    private GatewayDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static GatewayDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("dkgw");
        config.setAutoCommit(true);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            SCHEMAS.forEach(schema -> SchemaMigrations.migrate(ds, schema));
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new GatewayDatabase(ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public boolean isUsable() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
