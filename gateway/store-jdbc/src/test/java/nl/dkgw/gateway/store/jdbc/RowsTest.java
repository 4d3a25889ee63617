package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.Store;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The row mappers read columns by name: a {@code SELECT *}, whose columns come in table order with others between
 * them, maps to the same records as the repositories' own SELECTs. On H2 and on PostgreSQL.
 */
class RowsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyRecordMapsFromAnyColumnOrder(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long pk = store.messages()
                    .insert(
                            message(Direction.OUT, MessageStatus.PENDING),
                            new DeliveryTask(
                                    0,
                                    "https://a",
                                    at.plus(Duration.ofHours(1)),
                                    0,
                                    3,
                                    Duration.ofSeconds(20),
                                    at.plusSeconds(7200),
                                    true));
            store.deliveryAttempts()
                    .record(pk, new DeliveryAttempt(1, "node-a", at, 5, "https://a", null, "RETRYABLE", "timeout"));
            store.deliveryAttempts()
                    .record(pk, new DeliveryAttempt(2, "node-a", at, 6, "https://a", 503, "RETRYABLE", "busy"));
            new JdbcRefusedSignals(db.dataSource())
                    .record(
                            pk,
                            new RefusedSignal("sig@peer", "Acknowledgment", at, "SecurityFailure", "bad signature"));
            Jdbc jdbc = new Jdbc(db.dataSource());

            assertThat(jdbc.query("test", "SELECT * FROM ebms_message", Rows.MESSAGE))
                    .containsExactly(store.messages().findByPk(pk).orElseThrow());
            assertThat(jdbc.query("test", "SELECT * FROM delivery_task", Rows.TASK))
                    .containsExactly(store.deliveryTasks().find(pk).orElseThrow());
            assertThat(jdbc.query("test", "SELECT * FROM delivery_attempt ORDER BY id", Rows.ATTEMPT))
                    .containsExactlyElementsOf(store.deliveryAttempts().of(pk))
                    .extracting(DeliveryAttempt::httpStatus)
                    .containsExactly(null, 503);
            // small_data null: the part's bytes are opened from the store, as a large part's are
            assertThat(jdbc.query(
                            "test",
                            "SELECT p.*, CAST(NULL AS VARCHAR(1)) AS small_data FROM ebms_payload p",
                            Rows.payload(db.dataSource(), PartStreamLimit.none())))
                    .singleElement()
                    .satisfies(p -> assertThat(p.data()).containsExactly(3))
                    .satisfies(p -> assertThat(p.size()).isEqualTo(1));
            assertThat(jdbc.query("test", "SELECT * FROM refused_signal", Rows.REFUSED_SIGNAL))
                    .containsExactlyElementsOf(new JdbcRefusedSignals(db.dataSource()).about(pk));
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(Jdbc.number(c, "SELECT 7 AS n, COUNT(*) AS other FROM ebms_message"))
                        .isEqualTo(7);
            }
        }
    }
}
