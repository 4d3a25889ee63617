package nl.dkgw.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The gateway's database: a connection pool on H2 or PostgreSQL, migrated to the current schema on open. */
public final class GatewayDatabase implements AutoCloseable {

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
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new GatewayDatabase(ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isUsable() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
