package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.gateway.ops.GatewayMetrics;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The count behind {@code dkgw_store_transactions_total}, which the benchmark divides by the messages sent: a
 * committed transaction counts once whatever it wrote, a rolled-back one not at all, and each piece of work in
 * auto-commit (a read or a single update) once; the metric shows both.
 */
class StoreTransactionsTest {

    @TempDir
    Path dir;

    @Test
    void countsCommittedTransactionsAndAutoCommitWorkButNotRollbacks() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("h2", dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
            long committed = StoreTransactions.OF_THIS_PROCESS.committed();
            long autoCommit = StoreTransactions.OF_THIS_PROCESS.autoCommit();

            long pk = store.messages().insert(m, StoreDatabases.dueNow("https://a"));
            assertThat(StoreTransactions.OF_THIS_PROCESS.committed() - committed)
                    .as("the message, its payload and its task in one transaction")
                    .isEqualTo(1);

            assertThatThrownBy(() -> store.messages().insert(m, null)).isInstanceOf(DuplicateMessageException.class);
            assertThat(StoreTransactions.OF_THIS_PROCESS.committed() - committed)
                    .as("a rolled-back duplicate")
                    .isEqualTo(1);

            long beforeUpdate = StoreTransactions.OF_THIS_PROCESS.autoCommit();
            assertThat(store.messages().markProcessed(pk)).isTrue();
            assertThat(store.messages().findByPk(pk)).isPresent();
            assertThat(StoreTransactions.OF_THIS_PROCESS.autoCommit() - beforeUpdate)
                    .as("one update and one read, each in auto-commit")
                    .isEqualTo(2);
            assertThat(StoreTransactions.OF_THIS_PROCESS.autoCommit()).isGreaterThan(autoCommit);
        }
    }

    @Test
    void theMetricShowsBothKinds() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("h2", dir)) {
            Store store = JdbcStore.of(db.dataSource());
            GatewayMetrics metrics = new GatewayMetrics(
                    store.deliveryTasks(),
                    StoreTransactions.OF_THIS_PROCESS,
                    new CpaStore(db.dataSource()),
                    Map::of,
                    Clock.systemUTC());
            store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null);

            assertThat(metrics.registry()
                            .get("dkgw.store.transactions")
                            .tag("kind", "transaction")
                            .functionCounter()
                            .count())
                    .isEqualTo((double) StoreTransactions.OF_THIS_PROCESS.committed());
            assertThat(metrics.registry()
                            .get("dkgw.store.transactions")
                            .tag("kind", "autocommit")
                            .functionCounter()
                            .count())
                    .isEqualTo((double) StoreTransactions.OF_THIS_PROCESS.autoCommit());
            assertThat(metrics.scrape())
                    .contains("dkgw_store_transactions_total{kind=\"transaction\"}")
                    .contains("dkgw_store_transactions_total{kind=\"autocommit\"}");
        }
    }
}
