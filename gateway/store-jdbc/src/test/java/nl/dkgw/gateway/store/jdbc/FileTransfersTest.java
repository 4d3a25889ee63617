package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.FileTransfer;
import nl.dkgw.gateway.store.FileTransferStatus;
import nl.dkgw.gateway.store.FileTransfers;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewFileTransfer;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The files a received message announces (Grote Berichten) are stored with it, and hold it back from the
 * application's claims until every one of them COMPLETED; a failed one holds it back for good. On H2 and on
 * PostgreSQL (the claim's condition is a correlated subquery in an UPDATE).
 */
class FileTransfersTest {

    private static final RouteFilter ANY = new RouteFilter(null, null, null);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageIsOfferedOnlyOnceAllItsFilesArrived(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages()
                    .insert(message(Direction.IN, MessageStatus.RECEIVED), null, List.of(file("a.csv"), file("b.csv")));
            FileTransfers transfers = store.fileTransfers();

            assertThat(transfers.ofMessage(pk))
                    .extracting(FileTransfer::transferId, FileTransfer::filename, FileTransfer::status)
                    .containsExactly(
                            tuple(JdbcFileTransfers.transferId(pk, 1), "a.csv", FileTransferStatus.DOWNLOADING),
                            tuple(JdbcFileTransfers.transferId(pk, 2), "b.csv", FileTransferStatus.DOWNLOADING));
            assertThat(transfers.downloading()).hasSize(2);
            assertThat(claim(store, "node-a")).as("no file arrived yet").isEmpty();

            assertThat(transfers.completed(JdbcFileTransfers.transferId(pk, 1), "/in/a"))
                    .isTrue();
            assertThat(claim(store, "node-a")).as("one file still downloading").isEmpty();

            assertThat(transfers.completed(JdbcFileTransfers.transferId(pk, 2), "/in/b"))
                    .isTrue();
            assertThat(claim(store, "node-a")).as("all files arrived").containsExactly(pk);
            assertThat(transfers.downloading()).isEmpty();
            assertThat(transfers.ofMessage(pk))
                    .extracting(FileTransfer::filePath)
                    .containsExactly("/in/a", "/in/b");
            assertThat(transfers.failed(JdbcFileTransfers.transferId(pk, 2), "late"))
                    .as("a completed transfer does not fail afterwards")
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFailedFileHoldsItsMessageBackWhileOthersAreOffered(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long withFile =
                    store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null, List.of(file("x")));
            long plain = store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null);

            assertThat(store.fileTransfers().failed(JdbcFileTransfers.transferId(withFile, 1), "checksum error"))
                    .isTrue();
            assertThat(claim(store, "node-a")).containsExactly(plain);
            assertThat(store.fileTransfers().ofMessage(withFile))
                    .extracting(FileTransfer::status, FileTransfer::detail)
                    .containsExactly(tuple(FileTransferStatus.FAILED, "checksum error"));
            assertThat(store.fileTransfers().completed(JdbcFileTransfers.transferId(withFile, 1), "/in/x"))
                    .as("a failed transfer does not complete afterwards")
                    .isFalse();
            assertThat(claim(store, "node-b")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void oneNodeHoldsATransferUntilItsLeaseRunsOut(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
            Store store = JdbcStore.onClock(db.dataSource(), clock);
            long pk = store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null, List.of(file("x")));
            String id = JdbcFileTransfers.transferId(pk, 1);
            FileTransfers transfers = store.fileTransfers();
            Duration lease = Duration.ofMinutes(2);

            assertThat(transfers.claim(id, "node-a", lease)).isTrue();
            assertThat(transfers.claim(id, "node-b", lease))
                    .as("node-a holds it")
                    .isFalse();
            clock.advance(Duration.ofMinutes(1));
            assertThat(transfers.claim(id, "node-a", lease))
                    .as("renewed by its holder")
                    .isTrue();
            clock.advance(Duration.ofMinutes(2).minusSeconds(1));
            assertThat(transfers.claim(id, "node-b", lease))
                    .as("the renewed lease still runs")
                    .isFalse();
            clock.advance(Duration.ofSeconds(2));
            assertThat(transfers.claim(id, "node-b", lease))
                    .as("node-a stopped renewing")
                    .isTrue();
            assertThat(transfers.ofMessage(pk))
                    .extracting(FileTransfer::claimedBy)
                    .containsExactly("node-b");
            assertThat(transfers.claim(id, "node-a", lease)).isFalse();

            assertThat(transfers.completed(id, "/in/x")).isTrue();
            clock.advance(Duration.ofHours(1));
            assertThat(transfers.claim(id, "node-a", lease))
                    .as("nothing left to download")
                    .isFalse();
        }
    }

    private static List<Long> claim(Store store, String node) {
        Instant now = Instant.now();
        return store.routeClaims().claimReceived(ANY, node, now, now.plus(Duration.ofMinutes(1)), 10).stream()
                .map(StoredMessage::pk)
                .toList();
    }

    private static NewFileTransfer file(String name) {
        return new NewFileTransfer(name, "text/csv", 10, "SHA256", "ab".repeat(32), "https://peer/gb/files/" + name);
    }
}
