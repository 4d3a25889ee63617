package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.dueNow;
import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The age of the oldest undelivered business message, which the metrics endpoint asks at every scrape: what it
 * answers on both databases, and on PostgreSQL that it is answered from the tasks, not by reading every message.
 */
class OldestPendingDeliveryTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theOldestBusinessMessageWithATaskIsTheOne(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            MutableClock clock = new MutableClock(START);
            Store store = JdbcStore.of(db.dataSource(), clock);
            assertThat(store.deliveryTasks().oldestPendingSince()).isEmpty();

            store.messages().insert(signal(), dueNow("https://a")); // a signal's task does not count
            clock.advance(Duration.ofMinutes(1));
            store.messages().insert(message(Direction.OUT, MessageStatus.ACKNOWLEDGED), null); // nor a message without
            clock.advance(Duration.ofMinutes(1));
            long first = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            clock.advance(Duration.ofMinutes(1));
            store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));

            assertThat(store.deliveryTasks().oldestPendingSince()).contains(START.plus(Duration.ofMinutes(2)));

            store.deliveryTasks().delete(first);
            assertThat(store.deliveryTasks().oldestPendingSince()).contains(START.plus(Duration.ofMinutes(3)));
        }
    }

    /**
     * Statistics taken while many tasks were waiting (a peer was down), then most of them done: planned as a join,
     * PostgreSQL read every stored message for the few tasks left. Each task's message is looked up by its key.
     */
    @Test
    void onPostgresqlItIsAnsweredFromTheTasksWhateverTheStatisticsSay() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("postgres", dir);
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, from_party, "
                    + "to_party, service, action, status, envelope, created_at, updated_at) "
                    + "SELECT 'OUT', CASE WHEN x % 2 = 0 THEN 'USER' ELSE 'SIGNAL' END, 'm-' || x || '@test', 'cpa-1', "
                    + "'c-' || x, 'A', 'B', 'urn:svc', 'Act', 'PENDING', '\\x00'::bytea, "
                    + "now() - x * INTERVAL '1 second', now() FROM generate_series(1, 50000) x");
            s.execute("INSERT INTO delivery_task (message_pk, endpoint, next_attempt_at, attempts, max_attempts, "
                    + "retry_interval_ms, deadline, reliable) SELECT id, 'https://a', now(), 0, 3, 1000, "
                    + "now() + INTERVAL '1 hour', true FROM ebms_message WHERE id % 2 = 0");
            s.execute("ANALYZE ebms_message");
            s.execute("ANALYZE delivery_task");
            s.execute("DELETE FROM delivery_task WHERE message_pk > 20");

            assertThat(QueryPlans.of(s, "EXPLAIN " + JdbcDeliveryTasks.OLDEST_PENDING))
                    .doesNotContain("Seq Scan on ebms_message")
                    .contains("Index Scan using ebms_message_pkey on ebms_message");
        }
    }

    /**
     * A peer down for long leaves many tasks waiting; a scrape reads the tasks in key order and stops at the first
     * outbound business message (after the received messages' Acknowledgments before it), not at every task.
     */
    @Test
    void onPostgresqlAScrapeReadsTheTasksOnlyUpToTheOldestBusinessMessage() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("postgres", dir);
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, from_party, "
                    + "to_party, service, action, status, envelope, created_at, updated_at) "
                    + "SELECT CASE WHEN x <= 5 THEN 'IN' ELSE 'OUT' END, 'USER', 'm-' || x || '@test', 'cpa-1', "
                    + "'c-' || x, 'A', 'B', 'urn:svc', 'Act', CASE WHEN x <= 5 THEN 'RECEIVED' ELSE 'PENDING' END, "
                    + "'\\x00'::bytea, TIMESTAMPTZ '2026-12-07 10:00:00+00' + x * INTERVAL '1 second', now() "
                    + "FROM generate_series(1, 20000) x");
            s.execute("INSERT INTO delivery_task (message_pk, endpoint, next_attempt_at, attempts, max_attempts, "
                    + "retry_interval_ms, deadline, reliable) SELECT id, 'https://a', now(), 0, 3, 1000, "
                    + "now() + INTERVAL '1 hour', true FROM ebms_message");
            s.execute("ANALYZE ebms_message");
            s.execute("ANALYZE delivery_task");

            String plan = QueryPlans.of(s, "EXPLAIN (ANALYZE, TIMING OFF) " + JdbcDeliveryTasks.OLDEST_PENDING);
            assertThat(plan).containsPattern("Index (Only )?Scan using delivery_task_pkey on delivery_task t");
            Matcher lookUps = Pattern.compile("on ebms_message \\w+ .*\\(actual rows=\\d+ loops=(\\d+)\\)")
                    .matcher(plan);
            int most = 0;
            while (lookUps.find()) {
                most = Math.max(most, Integer.parseInt(lookUps.group(1)));
            }
            assertThat(most)
                    .as("messages looked up: the five Acknowledgments' and the oldest message's\n" + plan)
                    .isEqualTo(6);
            assertThat(plan).doesNotContain("Seq Scan on ebms_message");
            assertThat(JdbcStore.of(db.dataSource()).deliveryTasks().oldestPendingSince())
                    .contains(Instant.parse("2026-12-07T10:00:06Z"));
        }
    }

    private static NewMessage signal() {
        return new NewMessage(
                Direction.OUT,
                MessageKind.SIGNAL,
                UUID.randomUUID() + "@test",
                StoreDatabases.CPA,
                "conv",
                "ref@test",
                "urn:osb:oin:00000001000000000001",
                "A",
                "urn:osb:oin:00000001000000000002",
                "B",
                "urn:oasis:names:tc:ebxml-msg:service",
                "Acknowledgment",
                "osb-rm",
                MessageStatus.PENDING,
                null,
                new byte[] {1},
                List.of());
    }
}
