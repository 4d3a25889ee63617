package nl.dkgw.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.H2UrlRisks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread that is interrupted while it uses the embedded database (a delivery worker stopped with {@code
 * shutdownNow} on Ctrl-C, a Camel consumer cancelled) must not take the database down with it. On a plain {@code
 * file:} URL the JDK closes H2's file channel when an interrupted thread reads or writes it: H2 then closes the whole
 * database, every other thread's next statement fails, and the chunk it was writing is left half done. The default
 * URL reopens the file and retries. (This was once taken for the cause of a kept demo that would not start again,
 * "File corrupted ... Double mark"; that failure came back after it, see CHANGELOG.)
 */
class InterruptedStoreAccessTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptedWriterLeavesTheDefaultDatabaseOpenForEveryoneAndItReopensWithEveryRow() throws Exception {
        Files.writeString(dir.resolve("gateway.yml"), "node:\n  id: interrupted\n");
        GatewayConfig config = new GatewayConfigLoader().load(dir.resolve("gateway.yml"), Map.of());
        String url = config.jdbcUrl(dir);
        try (GatewayDatabase database = GatewayDatabase.open(url, null, null, 2)) {
            try (Connection c = database.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE interrupt_probe (id INT PRIMARY KEY, body VARCHAR(1000))");
                for (int i = 0; i < 200; i++) {
                    insert(c, i);
                }
            }
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread interrupted = new Thread(() -> {
                try (Connection c = database.dataSource().getConnection()) {
                    Thread.currentThread().interrupt();
                    insert(c, 1_000);
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            interrupted.start();
            interrupted.join();
            assertThat(failed.get()).as("the interrupted thread's own write").isNull();

            try (Connection c = database.dataSource().getConnection()) {
                insert(c, 1_001);
                assertThat(count(c)).as("another thread's write after it").isEqualTo(202);
            }
        }

        try (GatewayDatabase reopened = GatewayDatabase.open(url, null, null, 2);
                Connection c = reopened.dataSource().getConnection()) {
            assertThat(count(c)).isEqualTo(202);
        }
    }

    @Test
    void theDefaultUrlHasNoneOfTheRisksANodeWarnsAboutAtStart() throws Exception {
        Files.writeString(dir.resolve("gateway.yml"), "node:\n  id: interrupted\n");
        String url = new GatewayConfigLoader()
                .load(dir.resolve("gateway.yml"), Map.of())
                .jdbcUrl(dir);
        assertThat(H2UrlRisks.of(url)).isEmpty();
        assertThat(H2UrlRisks.of(url.replace("jdbc:h2:retry:", "jdbc:h2:file:")))
                .singleElement()
                .asString()
                .contains("retry:");
    }

    private static void insert(Connection c, int id) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO interrupt_probe VALUES (?, ?)")) {
            p.setInt(1, id);
            p.setString(2, "x".repeat(500));
            p.executeUpdate();
        }
    }

    private static int count(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM interrupt_probe")) {
            r.next();
            return r.getInt(1);
        }
    }
}
