package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.PayloadInfo;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoreException;
import nl.dkgw.testkit.SeededBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Payload parts are stored and read as streams (a BLOB on H2, a large object on PostgreSQL): every size comes back
 * byte for byte, with or without its length known up front; small parts come with the list, large ones are opened
 * from the store and give their connection back when closed; a part that cannot be read stores nothing; a purge
 * leaves no large object behind. On H2 and on PostgreSQL.
 */
class PayloadStreamsTest {

    private static final long MIB = 1024 * 1024;
    private static final long SMALL = JdbcPayloads.READ_WITH_THE_LIST;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void partsOfAnySizeComeBackByteForByteWithTheirSize(String database) throws Exception {
        List<GeneratedPart> parts = List.of(
                new GeneratedPart(0, 1, true),
                new GeneratedPart(0, 2, false),
                new GeneratedPart(2048, 3, true),
                new GeneratedPart(2048, 4, false),
                new GeneratedPart(SMALL, 5, true),
                new GeneratedPart(SMALL + 1, 6, false),
                new GeneratedPart(5 * MIB, 7, true),
                new GeneratedPart(5 * MIB + 3, 8, false));
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED, payloads(parts)), null);

            List<Payload> read = store.payloads().of(pk);
            assertThat(read)
                    .extracting(Payload::contentId)
                    .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7");
            for (int i = 0; i < parts.size(); i++) {
                GeneratedPart part = parts.get(i);
                Payload p = read.get(i);
                assertThat(p.size()).as("size of part %d", i).isEqualTo(part.size());
                assertThat(SeededBytes.sha256(p.open())).as("part %d", i).isEqualTo(part.sha256());
                assertThat(SeededBytes.sha256(p.open()))
                        .as("part %d opened again", i)
                        .isEqualTo(part.sha256());
                assertThat(p.content())
                        .as("part %d, %d bytes, read with the list only if small", i, part.size())
                        .isInstanceOf(part.size() <= SMALL ? PayloadContent.InMemory.class : StoredPart.class);
            }
            JdbcMessageQueries queries = new JdbcMessageQueries(db.dataSource());
            assertThat(queries.payloadInfo(pk))
                    .extracting(PayloadInfo::size)
                    .containsExactlyElementsOf(
                            parts.stream().map(GeneratedPart::size).toList());
            assertThat(SeededBytes.sha256(queries.payload(pk, 7).orElseThrow().open()))
                    .isEqualTo(parts.get(7).sha256());
            assertThat(queries.payload(pk, 2).orElseThrow().data()).hasSize(2048);
            assertThat(queries.payload(pk, 8)).isEmpty();
            assertThat(active(db.dataSource())).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLargePartIsReadAfterTheListingHoldingOneConnectionUntilClosed(String database) throws Exception {
        GeneratedPart large = new GeneratedPart(SMALL * 3, 11, true);
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages()
                    .insert(
                            message(Direction.OUT, MessageStatus.PENDING, payloads(List.of(large))),
                            StoreDatabases.dueNow("https://peer/ebms"));
            // listed on the delivery's connection, which is back in the pool when the part is read
            Payload toPost =
                    store.messages().toPost(pk).orElseThrow().payloads().get(0);
            assertThat(active(db.dataSource())).isZero();

            try (InputStream in = toPost.open()) {
                assertThat(active(db.dataSource())).isEqualTo(1);
                assertThat(in.read()).isNotNegative();
            }
            assertThat(active(db.dataSource())).isZero();
            for (int i = 0; i < 10; i++) {
                assertThat(SeededBytes.sha256(toPost.open())).isEqualTo(large.sha256());
            }
            assertThat(active(db.dataSource()))
                    .as("all ten streams gave their connection back")
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void noMoreLargePartsAreOpenAtOnceThanTheLimitAllowsTheNextWaitsForOneToClose(String database) throws Exception {
        GeneratedPart large = new GeneratedPart(SMALL * 2, 14, true);
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), StoreTransactions.OF_THIS_PROCESS, 1)) {
            Store unbounded = JdbcStore.of(db.dataSource());
            long pk = unbounded
                    .messages()
                    .insert(message(Direction.IN, MessageStatus.RECEIVED, payloads(List.of(large))), null);
            Store hasty = JdbcStore.of(writers, Clock.systemUTC(), new PartStreamLimit(2, Duration.ofMillis(50)));
            Payload part = hasty.payloads().of(pk).get(0);

            try (InputStream first = part.open();
                    InputStream second = part.open()) {
                assertThat(active(db.dataSource())).isEqualTo(2);
                assertThatThrownBy(part::open)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("all 2 large payload parts the database pool allows are being read");
                assertThat(active(db.dataSource()))
                        .as("the refused open took no connection")
                        .isEqualTo(2);
                assertThat(first.read()).isNotNegative();
            }
            assertThat(SeededBytes.sha256(part.open())).isEqualTo(large.sha256());

            PartStreamLimit one = new PartStreamLimit(1, Duration.ofSeconds(30));
            Payload patient = JdbcStore.of(writers, Clock.systemUTC(), one)
                    .payloads()
                    .of(pk)
                    .get(0);
            InputStream held = patient.open();
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return SeededBytes.sha256(patient.open());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            held.close();
            assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo(large.sha256());

            // the console's reads share the node's bound with its deliveries
            PartStreamLimit shared = new PartStreamLimit(1, Duration.ZERO);
            JdbcMessageQueries queries = new JdbcMessageQueries(db.dataSource(), shared);
            Payload delivered = JdbcStore.of(writers, Clock.systemUTC(), shared)
                    .payloads()
                    .of(pk)
                    .get(0);
            try (InputStream posting = delivered.open()) {
                assertThat(posting.read()).isNotNegative();
                assertThatThrownBy(() -> queries.payload(pk, 0).orElseThrow().open())
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("all 1 large payload parts");
            }
            assertThat(SeededBytes.sha256(queries.payload(pk, 0).orElseThrow().open()))
                    .isEqualTo(large.sha256());
            assertThat(active(db.dataSource())).isZero();
        }
    }

    @Test
    void aNodesPoolKeepsConnectionsForItsWritersAndTheRestOfTheNode() {
        assertThat(PartStreamLimit.onPool(16, 1).streams()).isEqualTo(11);
        assertThat(PartStreamLimit.onPool(16, 4).streams()).isEqualTo(8);
        assertThat(PartStreamLimit.onPool(4, 1).streams()).isEqualTo(1);
        assertThat(PartStreamLimit.none().streams()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartPurgedAfterItWasListedFailsToOpenWithAClearErrorGivingItsPlaceInTheLimitBack(String database)
            throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir);
                GroupCommit writers = new GroupCommit(db.dataSource(), StoreTransactions.OF_THIS_PROCESS, 1)) {
            // one stream at a time, no waiting: a failed open that kept its place would make the next one fail on it
            Store store = JdbcStore.of(writers, Clock.systemUTC(), new PartStreamLimit(1, Duration.ZERO));
            long pk = store.messages()
                    .insert(
                            message(
                                    Direction.OUT,
                                    MessageStatus.DELIVERED,
                                    payloads(List.of(new GeneratedPart(SMALL * 2, 12, true)))),
                            null);
            Payload listed = store.payloads().of(pk).get(0);
            store.purge().run(Instant.now().plus(1, ChronoUnit.HOURS), false);

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(listed::open)
                        .as("open %d", i)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("no longer stored");
            }
            assertThat(active(db.dataSource())).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartThatCannotBeReadWhollyStoresNothingOfTheMessage(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage breaks = message(
                    Direction.IN,
                    MessageStatus.RECEIVED,
                    List.of(
                            new Payload("fine", "application/octet-stream", new GeneratedPart(SMALL * 2, 13, true)),
                            new Payload("breaks", "application/octet-stream", new Breaking(SMALL * 2))));
            NewMessage shorter = message(
                    Direction.IN,
                    MessageStatus.RECEIVED,
                    List.of(new Payload("short", "application/octet-stream", new Announcing(100, 50))));

            assertThatThrownBy(() -> store.messages().insert(breaks, null)).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.messages().insert(shorter, null)).isInstanceOf(StoreException.class);
            NewMessage longer = message(
                    Direction.IN,
                    MessageStatus.RECEIVED,
                    List.of(new Payload("long", "application/octet-stream", new Announcing(50, 100))));
            assertThatThrownBy(() -> store.messages().insert(longer, null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("announced");
            assertThat(store.messages().findByMessageId(longer.messageId())).isEmpty();

            assertThat(store.messages().findByMessageId(breaks.messageId())).isEmpty();
            assertThat(store.messages().findByMessageId(shorter.messageId())).isEmpty();
            assertThat(count(db.dataSource(), "SELECT COUNT(*) AS n FROM ebms_payload"))
                    .isZero();
            if (database.equals("postgres")) {
                assertThat(largeObjects(db.dataSource())).isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPurgeLeavesNoLargeObjectBehind(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            List<Payload> twoParts =
                    payloads(List.of(new GeneratedPart(10, 21, true), new GeneratedPart(SMALL * 2, 22, false)));
            store.messages().insert(message(Direction.OUT, MessageStatus.DELIVERED, twoParts), null);
            store.messages().insert(message(Direction.IN, MessageStatus.PROCESSED, twoParts), null);
            long pending = store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED, twoParts), null);
            boolean postgres = database.equals("postgres");
            if (postgres) {
                assertThat(largeObjects(db.dataSource()))
                        .as("the 10-byte part of each message is kept in its row")
                        .isEqualTo(3);
            }
            Instant later = Instant.now().plus(1, ChronoUnit.HOURS);

            // the sent message goes with its row (ON DELETE CASCADE); of the processed one only its contents
            store.purge().run(later, Instant.EPOCH, false);
            assertThat(count(db.dataSource(), "SELECT COUNT(*) AS n FROM ebms_payload"))
                    .isEqualTo(2);
            if (postgres) {
                assertThat(largeObjects(db.dataSource())).isEqualTo(1);
            }
            store.purge().run(later, later, false);
            assertThat(count(db.dataSource(), "SELECT COUNT(*) AS n FROM ebms_payload"))
                    .isEqualTo(2);
            assertThat(SeededBytes.sha256(store.payloads().of(pending).get(1).open()))
                    .as("the unprocessed message keeps its parts")
                    .isEqualTo(new GeneratedPart(SMALL * 2, 22, false).sha256());
            if (postgres) {
                assertThat(largeObjects(db.dataSource())).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSmallPartOfKnownSizeIsKeptInItsRowAnyOtherAsAStream(String database) throws Exception {
        int inRow = JdbcPayloads.IN_ROW;
        List<GeneratedPart> parts = List.of(
                new GeneratedPart(0, 31, true),
                new GeneratedPart(inRow, 32, true),
                new GeneratedPart(inRow + 1, 33, true),
                new GeneratedPart(100, 34, false));
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED, payloads(parts)), null);

            assertThat(count(
                            db.dataSource(),
                            "SELECT COUNT(*) AS n FROM ebms_payload WHERE small_data IS NOT NULL AND data IS NULL "
                                    + "AND message_pk = " + pk + " AND seq IN (0, 1)"))
                    .as("known size, at most " + inRow + " bytes: in the row")
                    .isEqualTo(2);
            assertThat(count(
                            db.dataSource(),
                            "SELECT COUNT(*) AS n FROM ebms_payload WHERE small_data IS NULL AND data IS NOT NULL "
                                    + "AND message_pk = " + pk + " AND seq IN (2, 3)"))
                    .as("larger, or of a size not announced: a stream")
                    .isEqualTo(2);
            if (database.equals("postgres")) {
                assertThat(largeObjects(db.dataSource())).isEqualTo(2);
            }
            List<Payload> read = store.payloads().of(pk);
            for (int i = 0; i < parts.size(); i++) {
                assertThat(read.get(i).size())
                        .as("size of part %d", i)
                        .isEqualTo(parts.get(i).size());
                assertThat(SeededBytes.sha256(read.get(i).open()))
                        .as("part %d", i)
                        .isEqualTo(parts.get(i).sha256());
            }
        }
    }

    private static List<Payload> payloads(List<? extends PayloadContent> contents) {
        List<Payload> result = new ArrayList<>();
        for (PayloadContent c : contents) {
            result.add(new Payload("p" + result.size(), "application/octet-stream", c));
        }
        return result;
    }

    static long largeObjects(DataSource dataSource) throws SQLException {
        return count(dataSource, "SELECT COUNT(*) AS n FROM pg_largeobject_metadata");
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.number(c, sql);
        }
    }

    private static int active(DataSource dataSource) {
        return ((HikariDataSource) dataSource).getHikariPoolMXBean().getActiveConnections();
    }

    /** Content whose stream fails half way, as a sender's connection that drops would. */
    private record Breaking(long size) implements PayloadContent {
        @Override
        public InputStream open() {
            InputStream first = new GeneratedPart(size / 2, 1, true).open();
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    int b = first.read();
                    if (b < 0) {
                        throw new IOException("connection reset");
                    }
                    return b;
                }
            };
        }

        @Override
        public long length() {
            return size;
        }
    }

    /** Content announcing another number of bytes than it gives. */
    private record Announcing(long announced, long given) implements PayloadContent {
        @Override
        public InputStream open() {
            return new GeneratedPart(given, 1, true).open();
        }

        @Override
        public long length() {
            return announced;
        }
    }
}
