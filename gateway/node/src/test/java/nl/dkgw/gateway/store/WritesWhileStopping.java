package nl.dkgw.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;

/**
 * A child JVM for {@link DatabaseOpenWhileStoppingTest}: opens the node's default database as a node does, then exits
 * with a shutdown hook that goes on writing through it (as the node's hook does while it stops its writers and
 * servers) and closes it last. Prints {@code wrote N} or {@code failed after N: <reason>}.
 */
public final class WritesWhileStopping {

    static final int ROWS = 500;

    private WritesWhileStopping() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        GatewayConfig config = new GatewayConfigLoader().load(dir.resolve("gateway.yml"), Map.of());
        GatewayConfig.Database db = config.database();
        GatewayDatabase database = GatewayDatabase.open(config.jdbcUrl(dir), db.user(), db.password(), db.poolSize());
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shutdown_probe (id INT PRIMARY KEY)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> writeThenClose(database), "writes-while-stopping"));
        System.exit(0);
    }

    private static void writeThenClose(GatewayDatabase database) {
        int written = 0;
        try {
            for (; written < ROWS; written++) {
                try (Connection c = database.dataSource().getConnection();
                        PreparedStatement insert = c.prepareStatement("INSERT INTO shutdown_probe (id) VALUES (?)")) {
                    insert.setInt(1, written);
                    insert.executeUpdate();
                }
            }
            System.out.println("wrote " + written);
        } catch (SQLException | RuntimeException e) {
            System.out.println("failed after " + written + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        } finally {
            database.close();
        }
    }
}
