package nl.dkgw.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database stays open until the node closes it: on Ctrl-C or SIGTERM the node's shutdown hook stops its
 * writers, servers and flows, which may still write, and closes the pool last. H2 closes its databases from a shutdown
 * hook of its own unless the URL says otherwise; racing the node's writes, that close failed them and could leave a
 * file that the next start could not read ("File corrupted ... Double mark", seen after a kept demo was stopped).
 */
class DatabaseOpenWhileStoppingTest {

    @TempDir
    Path dir;

    @Test
    void aShutdownHookCanStillWriteToTheDefaultDatabaseAndItReopensWithEveryRow() throws Exception {
        Files.writeString(dir.resolve("gateway.yml"), "node:\n  id: stopping\n");
        try (ChildJvm child = ChildJvm.builder(WritesWhileStopping.class)
                .args(dir.toString())
                .jvmOptions("-Xmx128m")
                .logFile(dir.resolve("child.log"))
                .start()) {
            assertThat(child.waitFor(Duration.ofMinutes(1))).as(child.output()).isZero();
            assertThat(child.output())
                    .contains("wrote " + WritesWhileStopping.ROWS)
                    .doesNotContain("failed after");
        }

        GatewayConfig config = new GatewayConfigLoader().load(dir.resolve("gateway.yml"), Map.of());
        try (Connection c = DriverManager.getConnection(
                        config.jdbcUrl(dir),
                        config.database().user(),
                        config.database().password());
                ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM shutdown_probe")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(WritesWhileStopping.ROWS);
        }
    }
}
