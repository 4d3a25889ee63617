package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.testkit.RealPostgres;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the large values of a message's row (a signed-size envelope, the receipt kept with a sent message, the
 * Acknowledgment kept with a received one, a small payload part) are compressed with lz4 where the server offers it
 * (14 and later, built with lz4: Debian's packages, the official images) and with pglz where it does not (migration
 * V15 then changes nothing); either way each is read back byte for byte.
 */
class Lz4CompressionTest {

    @Test
    void aServerWithLz4CompressesTheLargeValuesWithIt() throws Exception {
        Optional<RealPostgres.Database> installed = RealPostgres.newDatabaseOnInstalledServer();
        assumeTrue(installed.isPresent(), "no PostgreSQL installed under /usr/lib/postgresql");
        try (GatewayDatabase db = open(installed.get())) {
            assumeTrue(serverOffersLz4(db), "the installed PostgreSQL server is built without lz4");
            assertThat(storeAndReadBack(db)).containsOnly("lz4");
        }
    }

    @Test
    void aServerWithoutLz4KeepsPglz() throws Exception {
        try (GatewayDatabase db = open(RealPostgres.newDatabase())) {
            assumeFalse(serverOffersLz4(db), "the test PostgreSQL server offers lz4: the test above covers it");
            assertThat(storeAndReadBack(db)).containsOnly("pglz");
        }
    }

    private static GatewayDatabase open(RealPostgres.Database db) {
        return GatewayDatabase.open(db.jdbcUrl(), db.user(), db.password(), 4);
    }

    /**
     * Stores a sent message closed by its receipt and a received one with its Acknowledgment, all large values of
     * signed size; checks each reads back as stored; returns how PostgreSQL compressed each of the five values.
     */
    private static List<String> storeAndReadBack(GatewayDatabase db) throws Exception {
        Store store = JdbcStore.of(db.dataSource());
        byte[] envelope = signedSizeEnvelope("sent");
        byte[] receipt = signedSizeEnvelope("receipt");
        byte[] part = signedSizeEnvelope("part");
        List<Payload> parts = List.of(new Payload("p0", "text/xml", part));
        NewMessage sent = StoreDatabases.message(Direction.OUT, MessageStatus.PENDING, envelope, parts);
        long sentPk = store.messages().insert(sent, StoreDatabases.dueNow("https://peer"));
        store.peerAnswers().acknowledge(StoreDatabases.CPA, sent.messageId(), receipt);

        byte[] ackEnvelope = signedSizeEnvelope("acknowledgment");
        NewMessage received = StoreDatabases.message(Direction.IN, MessageStatus.RECEIVED, envelope, parts);
        long receivedPk = store.messages()
                .insertWithReply(
                        received,
                        List.of(),
                        StoreDatabases.acknowledgmentOf(received, ackEnvelope),
                        StoreDatabases.dueNow("https://peer"))
                .messagePk();

        assertThat(store.messages().envelope(sentPk)).isEqualTo(envelope);
        assertThat(store.messages().receipt(sentPk)).isEqualTo(receipt);
        assertThat(store.messages().envelope(receivedPk)).isEqualTo(envelope);
        assertThat(store.messages().toPost(receivedPk).orElseThrow().envelope()).isEqualTo(ackEnvelope);
        assertThat(store.payloads().of(receivedPk).get(0).data()).isEqualTo(part);
        return List.of(
                compression(db, "ebms_message", "envelope", "id", sentPk),
                compression(db, "ebms_message", "receipt", "id", sentPk),
                compression(db, "ebms_message", "envelope", "id", receivedPk),
                compression(db, "ebms_message", "ack_envelope", "id", receivedPk),
                compression(db, "ebms_payload", "small_data", "message_pk", receivedPk));
    }

    private static boolean serverOffersLz4(GatewayDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return !Jdbc.query(
                            c,
                            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
                                    + " AND 'lz4' = ANY (enumvals)",
                            rs -> rs.getInt(1))
                    .isEmpty();
        }
    }

    /** How PostgreSQL compressed the value in {@code column} of the row whose {@code key} is {@code pk}. */
    private static String compression(GatewayDatabase db, String table, String column, String key, long pk)
            throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return Jdbc.query(
                            c,
                            "SELECT pg_column_compression(" + column + ") FROM " + table + " WHERE " + key + " = ?",
                            rs -> rs.getString(1),
                            pk)
                    .get(0);
        }
    }

    /**
     * About the size and make of a signed envelope (8 KB): XML, much of it repeated, with a varying part, so that
     * PostgreSQL compresses it before moving it out of the row.
     */
    private static byte[] signedSizeEnvelope(String what) {
        StringBuilder xml = new StringBuilder("<SOAP:Envelope><SOAP:Header>");
        while (xml.length() < 8 * 1024) {
            xml.append("<ds:Reference URI=\"cid:")
                    .append(UUID.randomUUID())
                    .append("\"><ds:DigestValue>")
                    .append(what)
                    .append("</ds:DigestValue></ds:Reference>");
        }
        return xml.append("</SOAP:Header></SOAP:Envelope>").toString().getBytes(StandardCharsets.UTF_8);
    }
}
