package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.attempt;
import static nl.dkgw.gateway.store.jdbc.StoreDatabases.dueNow;
import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import nl.dkgw.gateway.store.ClaimedDelivery;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.DeliveryTasks;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each change to a delivery task that decides something is a conditional UPDATE whose row count is the answer: the
 * loser of a race is told so and changes nothing. On H2 and on PostgreSQL.
 */
class DeliveryTasksTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDueTaskIsClaimedByOneNodeOnly(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));

            assertThat(store.deliveryTasks().claimDue("node-a", LEASE, 10))
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(pk);
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aTaskHeldAtInsertIsThatNodesUntilItsLeaseEnds(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            DeliveryTasks tasks = store.deliveryTasks();
            long held = store.messages()
                    .insert(
                            message(Direction.OUT, MessageStatus.PENDING),
                            dueNow("https://a").heldAtInsertBy("node-a", LEASE));
            long free = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));

            assertThat(tasks.claimDue("node-b", LEASE, 10))
                    .as("only the task nobody holds")
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(free);
            assertThat(tasks.claimDue("node-a", LEASE, 10))
                    .as("node-a already holds it: no second claim")
                    .isEmpty();
            assertThat(tasks.attemptFinished(held, "node-a", attempt(1, "node-a"), Duration.ZERO))
                    .as("the holder reschedules it like a claimed task")
                    .isTrue();
            assertThat(tasks.claimDue("node-b", LEASE, 10))
                    .as("after the attempt it is due again, for any node")
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(held);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void onlyTheNodeHoldingTheLeaseReschedules(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            DeliveryTasks tasks = store.deliveryTasks();
            long pk = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            tasks.claimDue("node-a", LEASE, 10);

            assertThat(tasks.attemptFinished(pk, "node-b", attempt(1, "node-b"), Duration.ZERO))
                    .as("node-b holds no lease")
                    .isFalse();
            assertThat(tasks.find(pk).orElseThrow().attempts())
                    .as("the schedule is untouched")
                    .isZero();
            assertThat(tasks.claimDue("node-c", LEASE, 10))
                    .as("node-a's lease stands")
                    .isEmpty();
            assertThat(store.deliveryAttempts().of(pk))
                    .as("the attempt is recorded all the same")
                    .hasSize(1);

            assertThat(tasks.attemptFinished(pk, "node-a", attempt(1, "node-a"), Duration.ZERO))
                    .isTrue();
            assertThat(tasks.find(pk).orElseThrow().attempts()).isEqualTo(1);
            assertThat(tasks.claimDue("node-c", LEASE, 10))
                    .as("released and due again")
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(pk);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDeliveryEndsOnlyAMessageThatIsStillPending(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage sent = message(Direction.OUT, MessageStatus.PENDING);
            long pk = store.messages().insert(sent, dueNow("https://a"));
            store.peerAnswers().acknowledge(StoreDatabases.CPA, sent.messageId(), new byte[] {9});
            assertThat(store.deliveryTasks().find(pk))
                    .as("closed with the acknowledgment")
                    .isEmpty();

            assertThat(store.deliveryTasks().deliveryEnded(pk, attempt(1, "node-a"), MessageStatus.FAILED, "late"))
                    .isFalse();
            StoredMessage m = store.messages().findByPk(pk).orElseThrow();
            assertThat(m.status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(m.statusDetail()).isNull();
            assertThat(store.deliveryAttempts().of(pk))
                    .as("the late attempt is recorded all the same")
                    .extracting(DeliveryAttempt::nodeId)
                    .containsExactly("node-a");

            long other = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            assertThat(store.deliveryTasks().deliveryEnded(other, null, MessageStatus.FAILED, "gave up"))
                    .isTrue();
            assertThat(store.messages().findByPk(other).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
            assertThat(store.messages().findByPk(other).orElseThrow().statusDetail())
                    .isEqualTo("gave up");
            assertThat(store.deliveryTasks().find(other)).isEmpty();
            assertThat(store.deliveryAttempts().of(other))
                    .as("no attempt to record")
                    .isEmpty();

            long posted = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            assertThat(store.deliveryTasks().deliveryEnded(posted, attempt(1, "node-b"), MessageStatus.DELIVERED, null))
                    .isTrue();
            assertThat(store.messages().findByPk(posted).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
            assertThat(store.deliveryTasks().find(posted)).isEmpty();
            assertThat(store.deliveryAttempts().of(posted))
                    .extracting(DeliveryAttempt::nodeId)
                    .containsExactly("node-b");

            long failed = store.messages().insert(message(Direction.OUT, MessageStatus.FAILED), dueNow("https://a"));
            assertThat(store.deliveryTasks().deliveryEnded(failed, attempt(2, "node-b"), MessageStatus.DELIVERED, null))
                    .isFalse();
            assertThat(store.messages().findByPk(failed).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
            assertThat(store.deliveryTasks().find(failed))
                    .as("the task goes either way")
                    .isEmpty();
            assertThat(store.deliveryAttempts().of(failed)).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void onlyAFailedOutboundBusinessMessageIsResent(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            DeliveryTasks tasks = store.deliveryTasks();
            long pending = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            long received = store.messages().insert(message(Direction.IN, MessageStatus.FAILED), null);

            assertThat(tasks.resend(pending, dueNow("https://b"), "resent by test"))
                    .isFalse();
            assertThat(tasks.find(pending).orElseThrow().endpoint())
                    .as("its task is not replaced")
                    .isEqualTo("https://a");
            assertThat(tasks.resend(received, dueNow("https://b"), "resent by test"))
                    .as("inbound")
                    .isFalse();
            assertThat(tasks.find(received)).isEmpty();
            assertThat(store.messages().findByPk(received).orElseThrow().status())
                    .isEqualTo(MessageStatus.FAILED);

            long failed = store.messages().insert(message(Direction.OUT, MessageStatus.FAILED), null);
            assertThat(tasks.resend(failed, dueNow("https://b"), "resent by test"))
                    .isTrue();
            assertThat(tasks.find(failed).orElseThrow().endpoint()).isEqualTo("https://b");
            assertThat(store.messages().findByPk(failed).orElseThrow().status()).isEqualTo(MessageStatus.PENDING);
            assertThat(tasks.resend(failed, dueNow("https://c"), "twice"))
                    .as("pending again")
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void deletingATaskSaysWhetherThereWasOne(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));

            assertThat(store.deliveryTasks().pending()).isEqualTo(1);
            assertThat(store.deliveryTasks().delete(pk)).isTrue();
            assertThat(store.deliveryTasks().delete(pk)).isFalse();
            assertThat(store.deliveryTasks().pending()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aClaimBringsTheMessagesToPostInOneTransaction(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            StoreTransactions counts = StoreTransactions.ofOneNode();
            Store store = JdbcStore.of(db.dataSource(), Clock.systemUTC(), counts);
            long first = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            long second = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            long autoCommitBefore = counts.autoCommit();
            long committedBefore = counts.committed();

            List<ClaimedDelivery> claimed = store.deliveryTasks().claimDueToPost("node-a", LEASE, 10);

            assertThat(counts.committed() - committedBefore)
                    .as("both claims and the reads in one transaction")
                    .isEqualTo(1);
            assertThat(counts.autoCommit() - autoCommitBefore)
                    .as("no claim commits on its own")
                    .isZero();
            assertThat(claimed).extracting(c -> c.task().messagePk()).containsExactlyInAnyOrder(first, second);
            assertThat(claimed).allSatisfy(c -> {
                assertThat(c.toPost().orElseThrow().message().pk())
                        .isEqualTo(c.task().messagePk());
                assertThat(c.toPost().orElseThrow().envelope()).containsExactly(1, 2);
                assertThat(c.toPost().orElseThrow().payloads()).hasSize(1);
            });
            assertThat(store.deliveryTasks().claimDueToPost("node-b", LEASE, 10))
                    .isEmpty();
        }
    }
}
