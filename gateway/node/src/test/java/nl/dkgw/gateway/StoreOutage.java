package nl.dkgw.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;

/**
 * Makes the message store of a running chain node (embedded H2) fail every statement on its messages until closed:
 * the table is renamed away and back. The node's own code meets a real SQL error and so a real store failure.
 */
public final class StoreOutage implements AutoCloseable {

    private static final String TABLE = "ebms_message";
    private static final String AWAY = "ebms_message_away";

    private final String jdbcUrl;
    private final GatewayConfig.Database database;

    private StoreOutage(String jdbcUrl, GatewayConfig.Database database) {
        this.jdbcUrl = jdbcUrl;
        this.database = database;
    }

    /** Starts the outage on the named node of the chain (which must use its embedded H2 file). */
    public static StoreOutage begin(LocalChain chain, String node) throws SQLException {
        GatewayConfig config = chain.config(node);
        StoreOutage outage = new StoreOutage(config.jdbcUrl(chain.dir().resolve(node)), config.database());
        outage.rename(TABLE, AWAY);
        return outage;
    }

    private void rename(String from, String to) throws SQLException {
        // the same URL in the same JVM reaches the node's open H2 database
        try (Connection c = DriverManager.getConnection(jdbcUrl, database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    @Override
    public void close() throws SQLException {
        rename(AWAY, TABLE);
    }
}
