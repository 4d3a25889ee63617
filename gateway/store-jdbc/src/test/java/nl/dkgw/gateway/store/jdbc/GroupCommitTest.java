package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.ClaimedDelivery;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoreException;
import nl.dkgw.gateway.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit on H2 and PostgreSQL: callers that arrive while a writer is busy share its next transaction, each
 * returns only after that transaction committed, and one caller's failure (a duplicate MessageId) undoes and fails
 * only its own work. The writer is held inside a unit of the test's (a latch) so the others line up behind it.
 */
class GroupCommitTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final StoreTransactions counts = StoreTransactions.ofOneNode();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void callersArrivingWhileAWriterIsBusyShareOneTransaction(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1)) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            Holder holder = Holder.holding(writers, callers);

            List<NewMessage> messages = new ArrayList<>();
            List<Future<Long>> stored = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
                messages.add(m);
                stored.add(callers.submit(() -> store.messages().insert(m, null)));
            }
            await().atMost(PATIENCE).until(() -> writers.waiting() == 20);
            assertThat(stored).noneMatch(Future::isDone);
            holder.release();

            for (int i = 0; i < messages.size(); i++) {
                long pk = stored.get(i).get();
                assertThat(store.messages().findByPk(pk).orElseThrow().messageId())
                        .isEqualTo(messages.get(i).messageId());
                assertThat(store.payloads().of(pk)).hasSize(1);
            }
            assertThat(holder.ranOn()).isEqualTo("dkgw-store-writer-1");
            assertThat(counts.committed())
                    .as("the held unit's transaction, then one for the 20 that waited behind it")
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDuplicateInTheMiddleOfABatchFailsOnlyItsOwnCaller(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1)) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            NewMessage first = message(Direction.IN, MessageStatus.RECEIVED);
            store.messages().insert(first, null);
            long before = counts.committed();
            Holder holder = Holder.holding(writers, callers);

            NewMessage a = message(Direction.IN, MessageStatus.RECEIVED);
            NewMessage b = message(Direction.IN, MessageStatus.RECEIVED);
            Future<Long> storingA = callers.submit(() -> store.messages().insert(a, null));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 1);
            Future<Long> storingDuplicate =
                    callers.submit(() -> store.messages().insert(first, StoreDatabases.dueNow("https://peer")));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 2);
            Future<Long> storingB =
                    callers.submit(() -> store.messages().insert(b, StoreDatabases.dueNow("https://p")));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 3);
            holder.release();

            assertThatThrownBy(storingDuplicate::get).hasCauseInstanceOf(DuplicateMessageException.class);
            // on PostgreSQL the failed INSERT aborts the transaction unless rolled back to the unit's savepoint:
            // b, after it in the same transaction, is stored only because it was
            assertThat(store.messages().findByPk(storingA.get())).isPresent();
            assertThat(store.messages().findByPk(storingB.get()).orElseThrow().messageId())
                    .isEqualTo(b.messageId());
            assertThat(store.deliveryTasks().pending())
                    .as("b's task only, not the duplicate's")
                    .isEqualTo(1);
            assertThat(counts.committed() - before)
                    .as("the held unit, then a, b (and the duplicate's undone part) together")
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aBatchTakesSavepointsOnlyWhenOneOfItsUnitsFailed(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            SavepointCounting counted = new SavepointCounting(db.dataSource());
            try (GroupCommit writers = new GroupCommit(counted.dataSource(), counts, 1)) {
                Store store = JdbcStore.of(writers, Clock.systemUTC());
                NewMessage first = message(Direction.IN, MessageStatus.RECEIVED);
                store.messages().insert(first, null);

                Holder holder = Holder.holding(writers, callers);
                List<Future<Long>> stored = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
                    stored.add(callers.submit(() -> store.messages().insert(m, null)));
                }
                await().atMost(PATIENCE).until(() -> writers.waiting() == 10);
                holder.release();
                for (Future<Long> f : stored) {
                    assertThat(store.messages().findByPk(f.get())).isPresent();
                }
                assertThat(counted.savepoints())
                        .as("ten units that all succeed: no savepoint")
                        .isZero();

                holder = Holder.holding(writers, callers);
                NewMessage a = message(Direction.IN, MessageStatus.RECEIVED);
                NewMessage b = message(Direction.IN, MessageStatus.RECEIVED);
                Future<Long> storingA = callers.submit(() -> store.messages().insert(a, null));
                await().atMost(PATIENCE).until(() -> writers.waiting() == 1);
                Future<Long> storingDuplicate =
                        callers.submit(() -> store.messages().insert(first, null));
                await().atMost(PATIENCE).until(() -> writers.waiting() == 2);
                Future<Long> storingB = callers.submit(() -> store.messages().insert(b, null));
                await().atMost(PATIENCE).until(() -> writers.waiting() == 3);
                long before = counts.committed();
                holder.release();

                assertThatThrownBy(storingDuplicate::get).hasCauseInstanceOf(DuplicateMessageException.class);
                // written a second time with a savepoint before each unit: a and b are each stored once
                assertThat(store.messages()
                                .findByPk(storingA.get())
                                .orElseThrow()
                                .messageId())
                        .isEqualTo(a.messageId());
                assertThat(store.messages()
                                .findByPk(storingB.get())
                                .orElseThrow()
                                .messageId())
                        .isEqualTo(b.messageId());
                assertThat(store.messages().count(Direction.IN, MessageKind.USER, MessageStatus.RECEIVED))
                        .isEqualTo(1 + 10 + 2);
                assertThat(counted.savepoints())
                        .as("the failed batch written again, one per unit")
                        .isEqualTo(3);
                assertThat(counts.committed() - before)
                        .as("the holder's commit and the batch's")
                        .isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void workThatThrowsFailsItsCallerWithThatExceptionAndNothingOfItIsStored(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1)) {
            Jdbc jdbc = new Jdbc(writers, PartStreamLimit.none());
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            long pk = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), null);
            Holder holder = Holder.holding(writers, callers);

            Future<Object> failing = callers.submit(() -> jdbc.inSharedTransaction("failing on purpose", c -> {
                Jdbc.execute(c, "UPDATE ebms_message SET status = 'FAILED' WHERE id = ?", pk);
                throw new IllegalStateException("no");
            }));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 1);
            Future<Long> storing =
                    callers.submit(() -> store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 2);
            holder.release();

            assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(store.messages().findByPk(storing.get())).isPresent();
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.PENDING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void manyCallersAtOnceAreAllStored(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 2)) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            int threads = 8;
            int each = 25;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> stored = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                stored.add(callers.submit(() -> {
                    start.await();
                    List<Long> pks = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        pks.add(store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null));
                    }
                    return pks;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : stored) {
                all.addAll(f.get());
            }

            assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
            for (long pk : all) {
                assertThat(store.messages().findByPk(pk)).isPresent();
            }
            assertThat(counts.committed()).isBetween(1L, (long) threads * each);
            System.out.printf(
                    "group commit on %s: %d units in %d transactions (%.2f per unit)%n",
                    database, all.size(), counts.committed(), counts.committed() / (double) all.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void closingFailsTheUnitsStillWaitingAndLetsTheRunningOneCommit(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1);
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            Holder holder = Holder.holding(writers, callers);
            NewMessage waiting = message(Direction.IN, MessageStatus.RECEIVED);
            Future<Long> storing = callers.submit(() -> store.messages().insert(waiting, null));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(writers::close, callers);
            assertThatThrownBy(storing::get)
                    .hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("writers were stopped");
            assertThat(closing).isNotDone();
            holder.release();
            closing.get();

            assertThat(holder.outcome().get())
                    .as("the unit running at close committed")
                    .isEqualTo("held");
            assertThat(store.messages().findByMessageId(waiting.messageId())).isEmpty();
            assertThatThrownBy(() -> store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("writers were stopped");
        }
    }

    /**
     * Callers hand their units over without a lock, so a unit may be queued just as the store closes: each caller then
     * either gets its commit or is refused, and none is left waiting for a writer that stopped.
     */
    @Test
    void callersArrivingWhileTheStoreClosesAreEachCommittedOrRefused() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("h2", dir)) {
            GroupCommit writers = new GroupCommit(db.dataSource(), counts, 2);
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(8);
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(callers.submit(() -> {
                    running.countDown();
                    while (true) {
                        try {
                            writers.run("counting", c -> Jdbc.number(c, "SELECT 1 AS n"));
                            committed.incrementAndGet();
                        } catch (StoreException e) {
                            assertThat(e).hasMessageContaining("writers were stopped");
                            refused.incrementAndGet();
                            return null;
                        }
                    }
                }));
            }
            running.await();
            await().atMost(PATIENCE).until(() -> committed.get() > 100);

            writers.close();

            for (Future<?> caller : all) {
                caller.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(refused).hasValue(8);
            assertThat(writers.waiting()).isZero();
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForItsCommitAndKeepsTheInterrupt() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("h2", dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1)) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            Holder holder = Holder.holding(writers, callers);
            NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
            AtomicReference<Long> stored = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    stored.set(store.messages().insert(m, null));
                } catch (DuplicateMessageException e) {
                    throw new IllegalStateException(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            await().atMost(PATIENCE).until(() -> writers.waiting() == 1);
            caller.interrupt();
            await().atMost(PATIENCE).until(() -> caller.getState() == Thread.State.WAITING);
            assertThat(stored.get()).as("still waiting after the interrupt").isNull();
            holder.release();
            caller.join(PATIENCE.toMillis());

            assertThat(stored.get()).isNotNull();
            assertThat(store.messages().findByPk(stored.get())).isPresent();
            assertThat(interruptedAfter).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLargeMessageKeepsATransactionOfItsOwnAndAWritersUnitJoinsItsOwn(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1)) {
            Jdbc jdbc = new Jdbc(writers, PartStreamLimit.none());
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            Holder holder = Holder.holding(writers, callers);
            byte[] large = new byte[(int) JdbcMessages.SHARED_AT_MOST + 1];

            NewMessage m = message(
                    Direction.IN,
                    MessageStatus.RECEIVED,
                    List.of(new Payload("p0", "application/octet-stream", large)));
            // stored while the writer is still held: it never waited for one
            long pk = callers.submit(() -> store.messages().insert(m, null)).get(30, TimeUnit.SECONDS);
            assertThat(store.payloads().of(pk)).hasSize(1);
            holder.release();
            holder.outcome().get();

            long before = counts.committed();
            long joined = jdbc.inSharedTransaction("outer", c -> {
                Jdbc.execute(c, "UPDATE ebms_message SET status = 'PROCESSED' WHERE id = ?", pk);
                return jdbc.inSharedTransaction(
                        "inner",
                        inner -> Jdbc.number(
                                inner, "SELECT COUNT(*) AS n FROM ebms_message WHERE status = 'PROCESSED'"));
            });
            assertThat(joined)
                    .as("the inner work saw the outer's update: one transaction")
                    .isEqualTo(1);
            assertThat(counts.committed() - before).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void claimsWaitingBehindABusyWriterShareTheCommitOfTheWritesBeforeThem(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1)) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            Holder holder = Holder.holding(writers, callers);
            long before = counts.committed();

            NewMessage outbound = message(Direction.OUT, MessageStatus.PENDING);
            NewMessage received = message(Direction.IN, MessageStatus.RECEIVED);
            Future<Long> storingOutbound =
                    callers.submit(() -> store.messages().insert(outbound, StoreDatabases.dueNow("https://peer")));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 1);
            Future<Long> storingReceived = callers.submit(() -> store.messages().insert(received, null));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 2);
            Future<List<ClaimedDelivery>> deliveries =
                    callers.submit(() -> store.deliveryTasks().claimDueToPost("node-1", Duration.ofMinutes(1), 10));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 3);
            Future<List<StoredMessage>> routed = callers.submit(() -> store.routeClaims()
                    .claimReceived(
                            new RouteFilter(null, null, null),
                            "node-1",
                            Instant.now(),
                            Instant.now().plusSeconds(60),
                            10));
            await().atMost(PATIENCE).until(() -> writers.waiting() == 4);
            holder.release();

            assertThat(deliveries.get())
                    .singleElement()
                    .satisfies(d -> assertThat(d.task().messagePk()).isEqualTo(storingOutbound.get()))
                    .satisfies(d -> assertThat(d.toPost()).isPresent());
            assertThat(routed.get())
                    .singleElement()
                    .satisfies(m -> assertThat(m.pk()).isEqualTo(storingReceived.get()));
            assertThat(counts.committed() - before)
                    .as("the held unit, then both inserts and both claims in one transaction")
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLingeringWriterAddsWhatArrivesUntilTheBatchIsFull(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1, TimeUnit.MINUTES.toNanos(10))) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            Holder holder = Holder.holding(writers, callers);
            List<Future<Long>> stored = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
                stored.add(callers.submit(() -> store.messages().insert(m, null)));
            }
            await().atMost(PATIENCE).until(() -> writers.waiting() == 2);
            long before = counts.committed();
            holder.release();

            // the two were found together, so the writer waits for more instead of committing them
            await().atMost(PATIENCE).until(() -> writers.waiting() == 0);
            assertThat(stored).noneMatch(Future::isDone);
            for (int i = 2; i < GroupCommit.MOST_UNITS; i++) {
                NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
                stored.add(callers.submit(() -> store.messages().insert(m, null)));
            }

            for (Future<Long> f : stored) {
                assertThat(store.messages().findByPk(f.get(30, TimeUnit.SECONDS)))
                        .isPresent();
            }
            assertThat(counts.committed() - before)
                    .as("the held unit's commit, then one for the full batch of " + GroupCommit.MOST_UNITS)
                    .isEqualTo(2);
        }
    }

    @Test
    void aUnitAloneIsNotHeldByTheLinger() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("h2", dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), counts, 1, TimeUnit.MINUTES.toNanos(10))) {
            Store store = JdbcStore.of(writers, Clock.systemUTC());
            NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);

            long pk = callers.submit(() -> store.messages().insert(m, null)).get(30, TimeUnit.SECONDS);

            assertThat(store.messages().findByPk(pk)).isPresent();
        }
    }

    @Test
    void aLingerOutsideItsBoundsIsRefused() {
        assertThatThrownBy(
                        () -> new GroupCommit(null, counts, 1, Duration.ofMillis(GroupCommit.MOST_LINGER_MILLIS + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 50 ms");
        assertThatThrownBy(() -> new GroupCommit(null, counts, 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The store's own connections, counting the savepoints set on them. */
    static final class SavepointCounting {

        private final DataSource target;
        private final AtomicInteger savepoints = new AtomicInteger();

        SavepointCounting(DataSource target) {
            this.target = target;
        }

        int savepoints() {
            return savepoints.get();
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        Object result = invoke(target, method, args);
                        return result instanceof Connection c ? counting(c) : result;
                    });
        }

        private Connection counting(Connection c) {
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("setSavepoint")) {
                            savepoints.incrementAndGet();
                        }
                        return invoke(c, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** A unit of the test's that keeps the writer busy until released. */
    record Holder(CountDownLatch gate, AtomicReference<String> thread, CompletableFuture<String> outcome) {

        static Holder holding(GroupCommit writers, ExecutorService callers) {
            Jdbc jdbc = new Jdbc(writers, PartStreamLimit.none());
            CountDownLatch entered = new CountDownLatch(1);
            Holder h = new Holder(new CountDownLatch(1), new AtomicReference<>(), new CompletableFuture<>());
            callers.submit(() -> {
                try {
                    h.outcome.complete(jdbc.inSharedTransaction("holding the writer", c -> {
                        h.thread.set(Thread.currentThread().getName());
                        entered.countDown();
                        try {
                            h.gate.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return "held";
                    }));
                } catch (RuntimeException e) {
                    h.outcome.completeExceptionally(e);
                }
            });
            await().atMost(PATIENCE).until(() -> entered.getCount() == 0);
            return h;
        }

        void release() {
            gate.countDown();
        }

        String ranOn() {
            return thread.get();
        }
    }
}
