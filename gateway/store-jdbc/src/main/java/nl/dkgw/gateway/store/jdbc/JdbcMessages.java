package nl.dkgw.gateway.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.FileTransfers;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.MessageToPost;
import nl.dkgw.gateway.store.Messages;
import nl.dkgw.gateway.store.NewFileTransfer;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.ReceivedWithReply;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.StoreException;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * The messages this node sent and received (table ebms_message): storing one with its payloads (and, outbound, its
 * delivery task) in one transaction, looking messages up, their envelope and receipt, and the application's
 * "processed".
 */
final class JdbcMessages implements Messages {

    private static final int SOURCE_ID_COLUMN = 256;
    /** The most payload bytes a message stored in a shared transaction has: as much as a part read with its list. */
    static final long SHARED_AT_MOST = JdbcPayloads.READ_WITH_THE_LIST;

    private static final String SELECT = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM ebms_message WHERE ";

    private final Jdbc jdbc;
    private final Clock clock;
    private final JdbcDeliveryTasks tasks;
    private final JdbcPayloads payloads;

    JdbcMessages(Jdbc jdbc, Clock clock, JdbcDeliveryTasks tasks) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tasks = tasks;
        this.payloads = new JdbcPayloads(jdbc);
    }

    /** Stores a message, its payloads and, when {@code task} is given, its delivery task, in one transaction. */
    @Override
    public long insert(NewMessage message, DeliveryTask task) throws DuplicateMessageException {
        return insert(message, task, List.of());
    }

    /**
     * As {@link #insert(NewMessage, DeliveryTask)}, with the files a received message announces (Grote Berichten) in
     * the same transaction: from the moment the message exists, it is held back until they arrived
     * ({@link FileTransfers}).
     */
    @Override
    public long insert(NewMessage message, DeliveryTask task, List<NewFileTransfer> files)
            throws DuplicateMessageException {
        return insert(message, task, files, rowTime(), null, null).message().pk();
    }

    /**
     * The received message and its Acknowledgment (with that one's task) in one transaction; a duplicate: neither. The
     * Acknowledgment is kept in the received message's row and its task keyed by it ({@link KeptAcknowledgment}).
     */
    @Override
    public ReceivedWithReply insertWithReply(
            NewMessage message, List<NewFileTransfer> files, NewMessage reply, DeliveryTask replyTask)
            throws DuplicateMessageException {
        KeptAcknowledgment.check(message, reply);
        Inserted inserted = insert(message, null, files, rowTime(), reply, replyTask);
        return new ReceivedWithReply(inserted.message().pk(), inserted.reply());
    }

    @Override
    public StoredMessage insertReturning(NewMessage message, DeliveryTask task) throws DuplicateMessageException {
        return insert(message, task, List.of(), rowTime(), null, null).message();
    }

    /**
     * The rows one insert wrote, as a read would return them: the message and the Acknowledgment kept with it (or
     * null), under the message's key.
     */
    private record Inserted(StoredMessage message, StoredMessage reply) {}

    /** Now on the node's clock, at the precision the timestamp columns keep, so a returned row equals a read one. */
    private Instant rowTime() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Inserted insert(
            NewMessage message,
            DeliveryTask task,
            List<NewFileTransfer> files,
            Instant now,
            NewMessage reply,
            DeliveryTask replyTask)
            throws DuplicateMessageException {
        Jdbc.Work<Inserted> storing = c -> {
            if (files.isEmpty()
                    && JdbcPayloads.allInRow(message.payloads())
                    && jdbc.product(c) == DatabaseProduct.POSTGRESQL) {
                long pk = OneStatementInsert.run(c, tasks, message, task, now, reply, replyTask);
                return new Inserted(asStored(pk, message, now), reply == null ? null : asStored(pk, reply, now));
            }
            long pk = insertRow(c, message, now, reply);
            JdbcPayloads.insert(c, pk, message.payloads());
            if (task != null) {
                tasks.insert(c, pk, task);
            }
            if (!files.isEmpty()) {
                JdbcFileTransfers.insert(c, pk, files, clock.instant());
            }
            if (reply != null && replyTask != null) {
                tasks.insert(c, pk, replyTask);
            }
            return new Inserted(asStored(pk, message, now), reply == null ? null : asStored(pk, reply, now));
        };
        String doing = "storing message " + message.messageId();
        try {
            return isSmall(message) ? jdbc.inSharedTransaction(doing, storing) : jdbc.inTransaction(doing, storing);
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && isUniqueViolation(s)) {
                throw new DuplicateMessageException(message.messageId());
            }
            throw e;
        }
    }

    /**
     * Whether the message's payloads together are known to be at most {@value #SHARED_AT_MOST} bytes: then it is stored
     * in a transaction shared with other callers' small writes ({@link GroupCommit}). A larger message, or one whose
     * size is unknown before it is read, streams its parts in a transaction of its own, holding up nobody else's.
     */
    static boolean isSmall(NewMessage message) {
        long total = 0;
        for (Payload p : message.payloads()) {
            long length = p.content().length();
            if (length < 0) {
                return false;
            }
            total += length;
            if (total > SHARED_AT_MOST) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The row {@link #insertRow} wrote, as a read would return it (a kept Acknowledgment: under its message's key). */
    private static StoredMessage asStored(long pk, NewMessage m, Instant now) {
        return new StoredMessage(
                pk,
                m.direction(),
                m.kind(),
                m.messageId(),
                m.cpaId(),
                m.conversationId(),
                m.refToMessageId(),
                m.fromParty(),
                m.fromRole(),
                m.toParty(),
                m.toRole(),
                m.service(),
                m.action(),
                m.profile(),
                m.status(),
                Jdbc.detail(m.statusDetail()),
                now,
                now,
                sourceIdColumn(m.sourceId()));
    }

    private static long insertRow(Connection c, NewMessage m, Instant now, NewMessage ack) throws SQLException {
        SqlStatement insert = rowInsertOf(m, now, ack);
        try (PreparedStatement ps = c.prepareStatement(insert.sql(), new String[] {"id"})) {
            Jdbc.bind(ps, insert.arguments().toArray());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong("id");
            }
        }
    }

    /**
     * The INSERT of message {@code m}'s row, created and updated {@code now}, with the Acknowledgment {@code ack} kept
     * in it (null: none, as for every message but a received one acknowledged asynchronously); the database assigns
     * its key.
     */
    static SqlStatement rowInsertOf(NewMessage m, Instant now, NewMessage ack) {
        return new SqlStatement(
                "INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, ref_to_message_id, "
                        + "from_party, from_role, to_party, to_role, service, action, profile, status, status_detail, "
                        + "envelope, created_at, updated_at, source_id, ack_message_id, ack_status, ack_envelope) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(
                        m.direction().name(),
                        m.kind().name(),
                        m.messageId(),
                        m.cpaId(),
                        m.conversationId(),
                        m.refToMessageId(),
                        m.fromParty(),
                        m.fromRole(),
                        m.toParty(),
                        m.toRole(),
                        m.service(),
                        m.action(),
                        m.profile(),
                        m.status().name(),
                        Jdbc.detail(m.statusDetail()),
                        m.envelope(),
                        now,
                        now,
                        sourceIdColumn(m.sourceId()),
                        ack == null ? null : ack.messageId(),
                        ack == null ? null : ack.status().name(),
                        ack == null ? null : ack.envelope()));
    }

    /**
     * The message (or, on PostgreSQL, messages) {@link #find} reads on {@code product}: direction, CPA and MessageId
     * (the whole unique key) on H2; CPA and MessageId on PostgreSQL, the direction then picked from the one or two rows
     * found. The reason is the closing UPDATE's ({@link JdbcPeerAnswers#close}): on PostgreSQL a generic plan made on a
     * young, never-analyzed table served {@code direction = ?} from the route index (direction, kind, status, CPA,
     * action), reading the index entries of every message of the CPA; on H2 a plan made before the first ANALYZE
     * without the direction used the CPA index ({@code MessageIdLookupPlanTest} makes both).
     */
    static String find(DatabaseProduct product) {
        return SELECT + (product == DatabaseProduct.POSTGRESQL ? "" : "direction = ? AND ")
                + "cpa_id = ? AND message_id = ?";
    }

    @Override
    public Optional<StoredMessage> find(Direction direction, String cpaId, String messageId) {
        return jdbc.withConnection("querying messages", c -> {
            DatabaseProduct product = jdbc.product(c);
            List<StoredMessage> found = product == DatabaseProduct.POSTGRESQL
                    ? Jdbc.query(c, find(product), Rows.MESSAGE, cpaId, messageId)
                    : Jdbc.query(c, find(product), Rows.MESSAGE, direction.name(), cpaId, messageId);
            return found.stream().filter(m -> m.direction() == direction).findFirst();
        });
    }

    /** Looks a message up by MessageId alone (MessageIds are globally unique); outbound first. */
    @Override
    public Optional<StoredMessage> findByMessageId(String messageId) {
        return one(SELECT + "message_id = ? ORDER BY direction DESC", messageId);
    }

    @Override
    public Optional<StoredMessage> findByPk(long pk) {
        return one(SELECT + "id = ?", pk);
    }

    /** The row, then envelope and payloads only while it is PENDING: one connection, counted as one unit of work. */
    @Override
    public Optional<MessageToPost> toPost(long pk) {
        return jdbc.withConnection("reading message " + pk + " to post", c -> toPost(c, pk, payloads));
    }

    /**
     * {@link #toPost(long)} on the caller's connection (the claim's). A large payload part is opened from the store
     * when it is posted, on a connection of its own ({@link JdbcPayloads#of(Connection, long)}).
     */
    static Optional<MessageToPost> toPost(Connection c, long pk, JdbcPayloads payloads) throws SQLException {
        List<StoredMessage> found = Jdbc.query(c, SELECT + "id = ?", Rows.MESSAGE, pk);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredMessage m = found.get(0);
        if (m.direction() == Direction.IN) {
            // an inbound row's only delivery is that of the Acknowledgment kept with it
            return Optional.of(KeptAcknowledgment.toPost(c, m));
        }
        if (m.status() != MessageStatus.PENDING) {
            return Optional.of(new MessageToPost(m, null, List.of()));
        }
        byte[] envelope = Jdbc.query(
                        c, "SELECT envelope FROM ebms_message WHERE id = ?", rs -> rs.getBytes("envelope"), pk)
                .get(0);
        return Optional.of(new MessageToPost(m, envelope, payloads.of(c, pk)));
    }

    /**
     * A received signal of a CPA that refers to a message. {@code kind = 'SIGNAL'} is written out, not a parameter: on
     * PostgreSQL the RefToMessageId index holds signal rows only (migration V16) and serves a query that names them.
     */
    static final String SIGNAL_REPLY =
            SELECT + "direction = 'IN' AND kind = 'SIGNAL' AND cpa_id = ? AND ref_to_message_id = ? ORDER BY id";

    /** A signal this gateway received in reply to {@code refToMessageId} (a Pong, StatusResponse or MessageError). */
    @Override
    public Optional<StoredMessage> findSignalReply(String cpaId, String refToMessageId) {
        // on the request's CPA only: another party naming our request's id in a signal of its own does not answer it
        return one(SIGNAL_REPLY, cpaId, refToMessageId);
    }

    /** Received business messages, oldest first, optionally of one CPA and in one status. */
    @Override
    public List<StoredMessage> listReceived(String cpaId, MessageStatus status, int limit) {
        return listReceived(new RouteFilter(cpaId, null, null), status, limit);
    }

    /** Received business messages, oldest first, narrowed in the database to a CPA, service and action and status. */
    @Override
    public List<StoredMessage> listReceived(RouteFilter filter, MessageStatus status, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + "direction = 'IN' AND kind = 'USER'");
        List<Object> args = new ArrayList<>();
        RouteFilterConditions.append(filter, sql, args);
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        return list(sql, args, limit);
    }

    /** Messages of a direction, kind and status (each null for any), oldest first. */
    @Override
    public List<StoredMessage> list(Direction direction, MessageKind kind, MessageStatus status, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + "1 = 1");
        List<Object> args = new ArrayList<>();
        if (direction != null) {
            sql.append(" AND direction = ?");
            args.add(direction.name());
        }
        if (kind != null) {
            sql.append(" AND kind = ?");
            args.add(kind.name());
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        return list(sql, args, limit);
    }

    @Override
    public long count(Direction direction, MessageKind kind, MessageStatus status) {
        return jdbc.withConnection(
                "counting messages",
                c -> Jdbc.number(
                        c,
                        "SELECT COUNT(*) AS n FROM ebms_message " + "WHERE direction = ? AND kind = ? AND status = ?",
                        direction.name(),
                        kind.name(),
                        status.name()));
    }

    /** Marks a received message processed by the application; false when it was not in RECEIVED. */
    @Override
    public boolean markProcessed(long pk) {
        return jdbc.update(
                        "marking message " + pk + " processed",
                        "UPDATE ebms_message SET status = 'PROCESSED', "
                                + "updated_at = ?, claimed_by = NULL, claimed_until = NULL "
                                + "WHERE id = ? AND direction = 'IN' AND status = 'RECEIVED'",
                        clock.instant(),
                        pk)
                == 1;
    }

    /** Sets a status whatever the message's status was (an operator's or a test's correction); false: no such row. */
    @Override
    public boolean setStatus(long pk, MessageStatus status, String detail) {
        return jdbc.update(
                        "setting the status of message " + pk,
                        "UPDATE ebms_message SET status = ?, " + "status_detail = ?, updated_at = ? WHERE id = ?",
                        status.name(),
                        Jdbc.detail(detail),
                        clock.instant(),
                        pk)
                == 1;
    }

    /** The SOAP envelope as stored (for an outbound message: as posted); empty once purged, null: no such row. */
    @Override
    public byte[] envelope(long pk) {
        return bytes("envelope", pk);
    }

    /** The signed receipt that acknowledged an outbound message, or null. */
    @Override
    public byte[] receipt(long pk) {
        return bytes("receipt", pk);
    }

    /** Whether an outbound message was acknowledged with a receipt kept; asks without reading the receipt. */
    @Override
    public boolean hasReceipt(long pk) {
        return jdbc.queryOne(
                        "reading message " + pk,
                        "SELECT CASE WHEN receipt IS NULL THEN 0 ELSE 1 END AS has_receipt FROM ebms_message WHERE id = ?",
                        rs -> rs.getInt("has_receipt") == 1,
                        pk)
                .orElse(false);
    }

    private byte[] bytes(String column, long pk) {
        return jdbc.queryOne(
                        "reading message " + pk,
                        "SELECT " + column + " FROM ebms_message WHERE id = ?",
                        rs -> Optional.ofNullable(rs.getBytes(column)),
                        pk)
                .flatMap(b -> b)
                .orElse(null);
    }

    private Optional<StoredMessage> one(String sql, Object... args) {
        return jdbc.queryOne("querying messages", sql, Rows.MESSAGE, args);
    }

    private List<StoredMessage> list(StringBuilder sql, List<Object> args, int limit) {
        sql.append(" ORDER BY id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return jdbc.query("querying messages", sql.toString(), Rows.MESSAGE, args.toArray());
    }

    /**
     * A source id as stored: as given when it fits the column; else its start, then {@code ...#} and the SHA-256 of
     * the whole, so that a long id (a long Idempotency-Key or file name) is still recognisable and never refused.
     */
    static String sourceIdColumn(String sourceId) {
        if (sourceId == null || sourceId.length() <= SOURCE_ID_COLUMN) {
            return sourceId;
        }
        try {
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(sourceId.getBytes(StandardCharsets.UTF_8)));
            return sourceId.substring(0, SOURCE_ID_COLUMN - 4 - hash.length()) + "...#" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
