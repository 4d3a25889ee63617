package nl.dkgw.gateway.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.ebms.CountingInputStream;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.Payloads;

/**
 * The payload parts of messages (table ebms_payload), in the order they were given. A part whose size is known and at
 * most {@value #IN_ROW} bytes is kept in the row ({@code small_data}, migration V13); any other part is written and
 * read as a stream (a BLOB on H2, a large object on PostgreSQL; migration V8), so a part of any size passes without
 * being held whole in memory. Reading the parts of a message is one query: parts up to {@value #READ_WITH_THE_LIST}
 * bytes come with it, in memory; a larger part is a {@link StoredPart} that opens its bytes from the store when it is
 * read.
 */
final class JdbcPayloads implements Payloads {

    /** Parts up to this size are read in the query that lists the parts; larger ones are opened as a stream. */
    static final long READ_WITH_THE_LIST = 64 * 1024;

    /**
     * Parts of known size up to this many bytes are kept in the row instead of a BLOB or large object (on PostgreSQL a
     * large object costs two catalog rows and four round trips). Not above {@link #READ_WITH_THE_LIST}: a part kept in
     * the row is always read with the list, never opened as a {@link StoredPart}.
     */
    static final int IN_ROW = 16 * 1024;

    private final Jdbc jdbc;

    JdbcPayloads(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The parts of one message, in order; empty once a purge removed them. A part larger than {@value
     * #READ_WITH_THE_LIST} bytes is read from the store each time it is opened, on a pooled connection of its own that
     * the stream holds until it is closed (at most as many such streams at once as {@link Jdbc#partStreams()} allows).
     */
    @Override
    public List<Payload> of(long messagePk) {
        return jdbc.withConnection("reading payloads of message " + messagePk, c -> of(c, messagePk));
    }

    /**
     * The parts of one message, listed on the caller's connection. The large parts' bytes are not read here: they are
     * opened later on a connection of their own, so they can be read after the caller's transaction ended.
     */
    List<Payload> of(Connection c, long messagePk) throws SQLException {
        return Jdbc.query(
                c, select(c) + "ORDER BY seq", Rows.payload(jdbc.dataSource(), jdbc.partStreams()), messagePk);
    }

    /** One part by its position, as {@link #of(Connection, long)} gives it. */
    Optional<Payload> part(Connection c, long messagePk, int seq) throws SQLException {
        List<Payload> found = Jdbc.query(
                c, select(c) + "AND seq = ?", Rows.payload(jdbc.dataSource(), jdbc.partStreams()), messagePk, seq);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The columns {@link Rows#payload} reads, of a message's parts; {@code small_data} is null for a large part. */
    private String select(Connection c) throws SQLException {
        String data = jdbc.product(c) == DatabaseProduct.POSTGRESQL ? "lo_get(data)" : "data";
        return "SELECT message_pk, seq, content_id, content_type, size_bytes, CASE WHEN size_bytes <= "
                + READ_WITH_THE_LIST + " THEN COALESCE(small_data, " + data
                + ") END AS small_data FROM ebms_payload WHERE message_pk = ? ";
    }

    /**
     * Stores the parts of a message being inserted, in its transaction (so the message is acknowledged only once its
     * parts are stored), each streamed from {@link Payload#open()}. A part whose size is not known is counted while
     * it streams in and its size set after.
     */
    static void insert(Connection c, long messagePk, List<Payload> payloads) throws SQLException {
        int seq = 0;
        for (Payload p : payloads) {
            if (inRow(p)) {
                inRowInsertOf("?", seq, p).withFirst(messagePk).execute(c);
            } else {
                insertStreamed(c, messagePk, seq, p);
            }
            seq++;
        }
    }

    /** Whether every part is of known size up to {@value #IN_ROW} bytes: all of them kept in their rows. */
    static boolean allInRow(List<Payload> payloads) {
        return payloads.stream().allMatch(JdbcPayloads::inRow);
    }

    /** Whether the part is of known size up to {@value #IN_ROW} bytes: kept in its row. */
    private static boolean inRow(Payload p) {
        long size = p.size();
        return size >= 0 && size <= IN_ROW;
    }

    /**
     * The INSERT of part {@code seq}, {@code p}, of a size kept in its row ({@link #inRow}), of the message whose key
     * is the SQL expression {@code messagePk}: a parameter ({@code ?}, given by {@link SqlStatement#withFirst}) or,
     * on PostgreSQL, the key an earlier WITH clause returned.
     */
    static SqlStatement inRowInsertOf(String messagePk, int seq, Payload p) throws SQLException {
        long size = p.size();
        byte[] bytes;
        try (InputStream in = p.open()) {
            bytes = in.readNBytes((int) size);
            if (bytes.length != size || in.read() >= 0) {
                throw notAsAnnounced(seq, bytes.length, size);
            }
        } catch (IOException e) {
            throw unreadable(seq, e);
        }
        return new SqlStatement(
                "INSERT INTO ebms_payload (message_pk, seq, content_id, content_type, size_bytes, small_data) "
                        + "VALUES (" + messagePk + ", ?, ?, ?, ?, ?)",
                seq,
                p.contentId(),
                p.contentType(),
                size,
                bytes);
    }

    /** A part not kept in its row ({@link #inRow}): streamed into a BLOB or large object, its size counted. */
    private static void insertStreamed(Connection c, long messagePk, int seq, Payload p) throws SQLException {
        long size = p.size();
        try (CountingInputStream in = new CountingInputStream(p.open());
                PreparedStatement ps = c.prepareStatement("INSERT INTO ebms_payload (message_pk, seq, content_id, "
                        + "content_type, size_bytes, data) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, messagePk);
            ps.setInt(2, seq);
            ps.setString(3, p.contentId());
            ps.setString(4, p.contentType());
            ps.setLong(5, Math.max(size, 0));
            if (size >= 0) {
                ps.setBlob(6, in, size);
            } else {
                ps.setBlob(6, in);
            }
            ps.executeUpdate();
            if (size < 0) {
                Jdbc.execute(
                        c,
                        "UPDATE ebms_payload SET size_bytes = ? WHERE message_pk = ? AND seq = ?",
                        in.count(),
                        messagePk,
                        seq);
            } else if (in.count() != size || in.read() >= 0) {
                throw notAsAnnounced(seq, in.count(), size);
            }
        } catch (IOException e) {
            throw unreadable(seq, e);
        }
    }

    /** A part that gave {@code read} bytes (fewer, or more when {@code read} is its announced size) of {@code size}. */
    private static SQLException notAsAnnounced(int seq, long read, long size) {
        return new SQLException("payload part " + seq + " gave " + (read < size ? read : "more") + " bytes, not the "
                + size + " its content announced");
    }

    private static SQLException unreadable(int seq, IOException e) {
        return new SQLException("cannot read payload part " + seq + " to store it: " + e.getMessage(), e);
    }
}
