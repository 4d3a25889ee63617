package nl.dkgw.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;

/**
 * JDBC access to messages, payloads and delivery tasks. Every method is one transaction; a message and its delivery
 * task are always stored together.
 */
public final class MessageStore {

    static final String MESSAGE_COLUMNS = "id, direction, kind, message_id, cpa_id, conversation_id, "
            + "ref_to_message_id, from_party, from_role, to_party, to_role, service, action, profile, status, "
            + "status_detail, created_at, updated_at, source_id";

    private final DataSource dataSource;
    private final Clock clock;
    /** Where due times and leases are measured; null: the database's clock, which all nodes of a cluster share. */
    private final Clock sharedClock;

    public MessageStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * A store whose row timestamps (created/updated) come from {@code clock}, this node's clock; delivery leases and
     * due times never do: they follow the database's clock (see {@link #claimDue}).
     */
    public MessageStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, null);
    }

    private MessageStore(DataSource dataSource, Clock clock, Clock sharedClock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.sharedClock = sharedClock;
    }

    /**
     * A store that takes its row timestamps and also its due times and leases from {@code clock}, not from the
     * database: for a test that moves time by hand, or one node on its own. A cluster keeps the database's clock
     * ({@link #MessageStore(DataSource, Clock)}): its nodes' clocks differ, the database's is the one they share.
     */
    public static MessageStore onClock(DataSource dataSource, Clock clock) {
        return new MessageStore(dataSource, clock, clock);
    }

    /** A message to insert: the row values, the envelope and the payloads. */
    public record NewMessage(
            Direction direction, MessageKind kind, String messageId, String cpaId, String conversationId,
            String refToMessageId, String fromParty, String fromRole, String toParty, String toRole,
            String service, String action, String profile, MessageStatus status, String statusDetail,
            byte[] envelope, List<Payload> payloads, String sourceId) {

        public NewMessage(Direction direction, MessageKind kind, String messageId, String cpaId,
                          String conversationId, String refToMessageId, String fromParty, String fromRole,
                          String toParty, String toRole, String service, String action, String profile,
                          MessageStatus status, String statusDetail, byte[] envelope, List<Payload> payloads) {
            this(direction, kind, messageId, cpaId, conversationId, refToMessageId, fromParty, fromRole, toParty,
                    toRole, service, action, profile, status, statusDetail, envelope, payloads, null);
        }
    }

    /** Thrown when the (direction, CPA, MessageId) already exists: the basis of duplicate elimination. */
    public static final class DuplicateMessageException extends Exception {
        public DuplicateMessageException(String messageId) {
            super("message " + messageId + " was stored before");
        }
    }

    /** Stores an outbound message and, when {@code task} is given, its delivery task, in one transaction. */
    public long insert(NewMessage message, DeliveryTask task) throws DuplicateMessageException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long pk = insertMessage(c, message);
                if (task != null) {
                    insertTask(c, pk, task);
                }
                c.commit();
                return pk;
            } catch (SQLException e) {
                c.rollback();
                if (isUniqueViolation(e)) {
                    throw new DuplicateMessageException(message.messageId());
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("storing message " + message.messageId(), e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return "23505".equals(e.getSQLState());
    }

    private long insertMessage(Connection c, NewMessage m) throws SQLException {
        Instant now = clock.instant();
        long pk;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ebms_message (direction, kind, message_id, cpa_id, "
                + "conversation_id, ref_to_message_id, from_party, from_role, to_party, to_role, service, action, "
                + "profile, status, status_detail, envelope, created_at, updated_at, source_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            ps.setString(i++, m.direction().name());
            ps.setString(i++, m.kind().name());
            ps.setString(i++, m.messageId());
            ps.setString(i++, m.cpaId());
            ps.setString(i++, m.conversationId());
            ps.setString(i++, m.refToMessageId());
            ps.setString(i++, m.fromParty());
            ps.setString(i++, m.fromRole());
            ps.setString(i++, m.toParty());
            ps.setString(i++, m.toRole());
            ps.setString(i++, m.service());
            ps.setString(i++, m.action());
            ps.setString(i++, m.profile());
            ps.setString(i++, m.status().name());
            ps.setString(i++, truncate(m.statusDetail()));
            ps.setBytes(i++, m.envelope());
            ps.setObject(i++, odt(now));
            ps.setObject(i++, odt(now));
            ps.setString(i, sourceIdColumn(m.sourceId()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                pk = keys.getLong(1);
            }
        }
        if (!m.payloads().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ebms_payload (message_pk, seq, content_id, content_type, data) VALUES (?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Payload p : m.payloads()) {
                    ps.setLong(1, pk);
                    ps.setInt(2, seq++);
                    ps.setString(3, p.contentId());
                    ps.setString(4, p.contentType());
                    ps.setBytes(5, p.data());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return pk;
    }

    /** A task due now is due now on the database's clock, whatever this node's clock says. */
    private void insertTask(Connection c, long pk, DeliveryTask t) throws SQLException {
        Instant next = t.nextAttemptAt().isAfter(clock.instant()) ? t.nextAttemptAt() : sharedNow(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_task (message_pk, endpoint, next_attempt_at, "
                + "attempts, max_attempts, retry_interval_ms, deadline, reliable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, pk);
            ps.setString(2, t.endpoint());
            ps.setObject(3, odt(next));
            ps.setInt(4, t.attempts());
            ps.setInt(5, t.maxAttempts());
            ps.setLong(6, t.retryInterval().toMillis());
            ps.setObject(7, odt(t.deadline()));
            ps.setBoolean(8, t.reliable());
            ps.executeUpdate();
        }
    }

    /**
     * Claims up to {@code limit} due delivery tasks for {@code nodeId} for {@code lease}. A task is due when its next
     * attempt time has come and nobody holds a live lease on it. "Now" is the database's clock, read in the same
     * connection, so nodes whose clocks differ still agree on which leases have run out. The claim is a conditional
     * UPDATE per row, so two nodes never claim the same task.
     */
    public List<DeliveryTask> claimDue(String nodeId, Duration lease, int limit) {
        List<DeliveryTask> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Instant now = sharedNow(c);
            Instant leaseUntil = now.plus(lease);
            try (PreparedStatement ps = c.prepareStatement("SELECT message_pk, endpoint, next_attempt_at, attempts, "
                    + "max_attempts, retry_interval_ms, deadline, reliable FROM delivery_task "
                    + "WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
                    + "ORDER BY next_attempt_at FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setObject(1, odt(now));
                ps.setObject(2, odt(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(task(rs));
                    }
                }
            }
            List<DeliveryTask> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_task SET claimed_by = ?, claimed_until = ? "
                    + "WHERE message_pk = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)")) {
                for (DeliveryTask t : candidates) {
                    ps.setString(1, nodeId);
                    ps.setObject(2, odt(leaseUntil));
                    ps.setLong(3, t.messagePk());
                    ps.setObject(4, odt(now));
                    ps.setObject(5, odt(now));
                    if (ps.executeUpdate() == 1) {
                        claimed.add(t);
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new StoreException("claiming delivery tasks", e);
        }
    }

    /**
     * The database's clock: what every node of a cluster measures leases and due times against (or the clock of a
     * store made {@link #onClock}).
     */
    public Instant databaseNow() {
        try (Connection c = dataSource.getConnection()) {
            return sharedNow(c);
        } catch (SQLException e) {
            throw new StoreException("reading the database clock", e);
        }
    }

    private Instant sharedNow(Connection c) throws SQLException {
        return sharedClock != null ? sharedClock.instant() : databaseNow(c);
    }

    private static Instant databaseNow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    /**
     * Gives up the leases a node held, e.g. at start-up after a crash, so its work resumes at once: on delivery tasks
     * and on messages claimed for a route ({@link #claimReceived}, {@link #claimUnreportedFailures}).
     */
    public int releaseClaims(String nodeId) {
        update("UPDATE ebms_message SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", nodeId);
        return update("UPDATE delivery_task SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", nodeId);
    }

    /**
     * Records an attempt and schedules the next one {@code retryAfter} from now on the database's clock (or keeps the
     * task waiting for an acknowledgment). False when {@code nodeId} no longer holds the task (its lease ran out and
     * another node claimed it, or the message ended meanwhile): the attempt is recorded, the schedule is not touched.
     */
    public boolean attemptFinished(long pk, String nodeId, DeliveryAttempt attempt, Duration retryAfter) {
        boolean[] scheduled = new boolean[1];
        inTransaction(c -> {
            insertAttempt(c, pk, attempt);
            Instant next = sharedNow(c).plus(retryAfter);
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_task SET attempts = ?, next_attempt_at = ?, "
                    + "claimed_by = NULL, claimed_until = NULL WHERE message_pk = ? AND claimed_by = ?")) {
                ps.setInt(1, attempt.attemptNo());
                ps.setObject(2, odt(next));
                ps.setLong(3, pk);
                ps.setString(4, nodeId);
                scheduled[0] = ps.executeUpdate() == 1;
            }
        });
        return scheduled[0];
    }

    /**
     * Records the attempt that ended the delivery and closes the message with {@code status}, if it is still PENDING:
     * false when it had ended meanwhile (e.g. an acknowledgment came in during the attempt), which then stands.
     */
    public boolean deliveryEnded(long pk, DeliveryAttempt attempt, MessageStatus status, String detail) {
        boolean[] ended = new boolean[1];
        inTransaction(c -> {
            if (attempt != null) {
                insertAttempt(c, pk, attempt);
            }
            delete(c, "DELETE FROM delivery_task WHERE message_pk = ?", pk);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ebms_message SET status = ?, status_detail = ?, "
                    + "updated_at = ? WHERE id = ? AND status = 'PENDING'")) {
                ps.setString(1, status.name());
                ps.setString(2, truncate(detail));
                ps.setObject(3, odt(clock.instant()));
                ps.setLong(4, pk);
                ended[0] = ps.executeUpdate() == 1;
            }
        });
        return ended[0];
    }

    /**
     * The peer answered an outbound message with a MessageError: it ends as FAILED, whether it was still waiting
     * (PENDING) or already counted as DELIVERED (a best-effort message the peer refused asynchronously). False when
     * it had ended otherwise (acknowledged, failed before).
     */
    public boolean refusedByPeer(long pk, String detail) {
        boolean[] changed = new boolean[1];
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ebms_message SET status = 'FAILED', "
                    + "status_detail = ?, updated_at = ? WHERE id = ? AND status IN ('PENDING', 'DELIVERED')")) {
                ps.setString(1, truncate(detail));
                ps.setObject(2, odt(clock.instant()));
                ps.setLong(3, pk);
                changed[0] = ps.executeUpdate() == 1;
            }
            if (changed[0]) {
                delete(c, "DELETE FROM delivery_task WHERE message_pk = ?", pk);
            }
        });
        return changed[0];
    }

    /** Records an attempt without touching the task (which an acknowledgment may already have closed). */
    public void recordAttempt(long pk, DeliveryAttempt attempt) {
        inTransaction(c -> insertAttempt(c, pk, attempt));
    }

    /**
     * Gives a FAILED outbound business message a new delivery task: it goes back to PENDING and is posted again as
     * stored (same MessageId, so the peer's duplicate elimination recognises it if it had received it); a later final
     * failure is reported again. False when the message is not a FAILED outbound business message (then nothing
     * changes).
     */
    public boolean resend(long pk, DeliveryTask task, String detail) {
        boolean[] done = new boolean[1];
        inTransaction(c -> {
            // failure_reported_at cleared: should the resent message fail again, that failure is reported too
            try (PreparedStatement ps = c.prepareStatement("UPDATE ebms_message SET status = 'PENDING', "
                    + "status_detail = ?, updated_at = ?, failure_reported_at = NULL WHERE id = ? "
                    + "AND direction = 'OUT' AND kind = 'USER' "
                    + "AND status = 'FAILED'")) {
                ps.setString(1, truncate(detail));
                ps.setObject(2, odt(clock.instant()));
                ps.setLong(3, pk);
                done[0] = ps.executeUpdate() == 1;
            }
            if (done[0]) {
                delete(c, "DELETE FROM delivery_task WHERE message_pk = ?", pk);
                insertTask(c, pk, task);
            }
        });
        return done[0];
    }

    public void deleteTask(long pk) {
        inTransaction(c -> delete(c, "DELETE FROM delivery_task WHERE message_pk = ?", pk));
    }

    /** What an acknowledgment did to the outbound message it names. */
    public enum Acknowledged {
        /** The message was waiting (PENDING, or DELIVERED best effort): it is ACKNOWLEDGED now, its task gone. */
        CLOSED,
        /** The message had ended before (acknowledged, failed): nothing changed. */
        ALREADY_ENDED,
        /** No outbound message of the CPA has that MessageId. */
        UNKNOWN
    }

    /**
     * An acknowledgment arrived for an outbound message: close it and keep the receipt, in one conditional UPDATE
     * (only a PENDING or DELIVERED message is closed), so an acknowledgment racing a final failure, or the same
     * acknowledgment twice, changes the message once. The delivery task goes only when the message was closed.
     */
    public Acknowledged acknowledge(String cpaId, String refToMessageId, byte[] receipt) {
        boolean[] closed = new boolean[1];
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ebms_message SET status = 'ACKNOWLEDGED', "
                    + "receipt = ?, status_detail = NULL, updated_at = ? WHERE direction = 'OUT' AND cpa_id = ? "
                    + "AND message_id = ? AND status IN ('PENDING', 'DELIVERED')")) {
                ps.setBytes(1, receipt);
                ps.setObject(2, odt(clock.instant()));
                ps.setString(3, cpaId);
                ps.setString(4, refToMessageId);
                closed[0] = ps.executeUpdate() == 1;
            }
            if (closed[0]) {
                execute(c, "DELETE FROM delivery_task WHERE message_pk = (SELECT id FROM ebms_message "
                        + "WHERE direction = 'OUT' AND cpa_id = ? AND message_id = ?)", cpaId, refToMessageId);
            }
        });
        if (closed[0]) {
            return Acknowledged.CLOSED;
        }
        return find(Direction.OUT, cpaId, refToMessageId).isPresent() ? Acknowledged.ALREADY_ENDED
                : Acknowledged.UNKNOWN;
    }

    public void setStatus(long pk, MessageStatus status, String detail) {
        inTransaction(c -> setStatus(c, pk, status, detail));
    }

    private void setStatus(Connection c, long pk, MessageStatus status, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE ebms_message SET status = ?, status_detail = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, truncate(detail));
            ps.setObject(3, odt(clock.instant()));
            ps.setLong(4, pk);
            ps.executeUpdate();
        }
    }

    private void insertAttempt(Connection c, long pk, DeliveryAttempt a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_attempt (message_pk, attempt_no, node_id, "
                + "started_at, duration_ms, endpoint, http_status, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, pk);
            ps.setInt(2, a.attemptNo());
            ps.setString(3, a.nodeId());
            ps.setObject(4, odt(a.startedAt()));
            ps.setLong(5, a.durationMs());
            ps.setString(6, a.endpoint());
            if (a.httpStatus() == null) {
                ps.setNull(7, java.sql.Types.INTEGER);
            } else {
                ps.setInt(7, a.httpStatus());
            }
            ps.setString(8, a.outcome());
            ps.setString(9, truncate(a.detail()));
            ps.executeUpdate();
        }
    }

    public Optional<StoredMessage> find(Direction direction, String cpaId, String messageId) {
        return queryOne("SELECT " + MESSAGE_COLUMNS + " FROM ebms_message WHERE direction = ? AND cpa_id = ? "
                + "AND message_id = ?", direction.name(), cpaId, messageId);
    }

    /** Looks a message up by MessageId alone (MessageIds are globally unique); outbound first. */
    public Optional<StoredMessage> findByMessageId(String messageId) {
        return queryOne("SELECT " + MESSAGE_COLUMNS + " FROM ebms_message WHERE message_id = ? ORDER BY direction DESC",
                messageId);
    }

    public Optional<StoredMessage> findByPk(long pk) {
        return queryOne("SELECT " + MESSAGE_COLUMNS + " FROM ebms_message WHERE id = ?", pk);
    }

    /** A signal this gateway received in reply to {@code refToMessageId} (a Pong, StatusResponse or MessageError). */
    public Optional<StoredMessage> findSignalReply(String cpaId, String refToMessageId) {
        // on the request's CPA only: another party naming our request's id in a signal of its own does not answer it
        return queryOne("SELECT " + MESSAGE_COLUMNS + " FROM ebms_message WHERE direction = 'IN' AND kind = 'SIGNAL' "
                + "AND cpa_id = ? AND ref_to_message_id = ? ORDER BY id", cpaId, refToMessageId);
    }

    /** Received business messages, oldest first, optionally of one CPA and in one status. */
    public List<StoredMessage> listReceived(String cpaId, MessageStatus status, int limit) {
        return listReceived(new RouteFilter(cpaId, null, null), status, limit);
    }

    /** Received business messages, oldest first, narrowed in the database to a CPA, service and action and status. */
    public List<StoredMessage> listReceived(RouteFilter filter, MessageStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + MESSAGE_COLUMNS
                + " FROM ebms_message WHERE direction = 'IN' AND kind = 'USER'");
        List<Object> args = new ArrayList<>();
        filter.appendTo(sql, args);
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return query(sql.toString(), args.toArray());
    }

    /**
     * Outbound business messages that finally failed, narrowed to a CPA, service and action, with a key above
     * {@code afterPk}, oldest first: a page; the next page starts after the last key of this one.
     */
    public List<StoredMessage> listFailed(RouteFilter filter, long afterPk, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + MESSAGE_COLUMNS
                + " FROM ebms_message WHERE direction = 'OUT' AND kind = 'USER' AND status = 'FAILED' AND id > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterPk);
        filter.appendTo(sql, args);
        sql.append(" ORDER BY id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return query(sql.toString(), args.toArray());
    }

    /** Whether the failure of an outbound message was reported ({@link #markFailureReported}). */
    public boolean failureReported(long pk) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT failure_reported_at FROM ebms_message WHERE id = ?")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && instant(rs, 1) != null;
            }
        } catch (SQLException e) {
            throw new StoreException("reading message " + pk, e);
        }
    }

    /**
     * Claims up to {@code limit} received business messages (RECEIVED) of the filter for {@code nodeId} until
     * {@code leaseUntil}, oldest first, skipping those another node holds a live lease on. Each claim is a
     * conditional UPDATE (on PostgreSQL a row lock decides between two nodes claiming at once), so two nodes never
     * both hold one message; a dead node's claims are taken once their lease ran out.
     */
    public List<StoredMessage> claimReceived(RouteFilter filter, String nodeId, Instant now, Instant leaseUntil,
                                             int limit) {
        return claim("direction = 'IN' AND kind = 'USER' AND status = 'RECEIVED'", filter, nodeId, now, leaseUntil,
                limit);
    }

    /** As {@link #claimReceived}, for outbound business messages that FAILED and whose failure is not reported yet. */
    public List<StoredMessage> claimUnreportedFailures(RouteFilter filter, String nodeId, Instant now,
                                                       Instant leaseUntil, int limit) {
        return claim("direction = 'OUT' AND kind = 'USER' AND status = 'FAILED' AND failure_reported_at IS NULL",
                filter, nodeId, now, leaseUntil, limit);
    }

    private List<StoredMessage> claim(String condition, RouteFilter filter, String nodeId, Instant now,
                                      Instant leaseUntil, int limit) {
        StringBuilder where = new StringBuilder(condition).append(" AND (claimed_until IS NULL OR claimed_until < ?)");
        List<Object> args = new ArrayList<>();
        args.add(now);
        filter.appendTo(where, args);
        List<StoredMessage> candidates = query("SELECT " + MESSAGE_COLUMNS + " FROM ebms_message WHERE " + where
                + " ORDER BY id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", args.toArray());
        List<StoredMessage> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ebms_message SET claimed_by = ?, claimed_until = ? "
                     + "WHERE id = ? AND " + where)) {
            for (StoredMessage m : candidates) {
                List<Object> update = new ArrayList<>(List.of(nodeId, leaseUntil, m.pk()));
                update.addAll(args);
                bind(ps, update.toArray());
                if (ps.executeUpdate() == 1) {
                    claimed.add(m);
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new StoreException("claiming messages for " + nodeId, e);
        }
    }

    /** Gives up a node's claim on one message, so it is offered again at once. */
    public void releaseClaim(long pk, String nodeId) {
        update("UPDATE ebms_message SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                pk, nodeId);
    }

    /**
     * Keeps a node's claim on one message until {@code until} (on the database clock): a message its route failed on
     * waits out its back-off there, so newer messages are claimed meanwhile, and comes again afterwards.
     */
    public void holdClaim(long pk, String nodeId, Instant until) {
        update("UPDATE ebms_message SET claimed_until = ? WHERE id = ? AND claimed_by = ?", odt(until), pk, nodeId);
    }

    /** Records that the failure of an outbound message was reported; false when it was reported before. */
    public boolean markFailureReported(long pk) {
        return update("UPDATE ebms_message SET failure_reported_at = ?, claimed_by = NULL, claimed_until = NULL "
                + "WHERE id = ? AND status = 'FAILED' AND failure_reported_at IS NULL",
                odt(clock.instant()), pk) == 1;
    }

    public List<StoredMessage> listMessages(Direction direction, MessageKind kind, MessageStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + MESSAGE_COLUMNS + " FROM ebms_message WHERE 1 = 1");
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
        sql.append(" ORDER BY id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return query(sql.toString(), args.toArray());
    }

    public long count(Direction direction, MessageKind kind, MessageStatus status) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM ebms_message WHERE direction = ? AND kind = ? AND status = ?")) {
            ps.setString(1, direction.name());
            ps.setString(2, kind.name());
            ps.setString(3, status.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("counting messages", e);
        }
    }

    /** Marks a received message processed by the application; false when it was not in RECEIVED. */
    public boolean markProcessed(long pk) {
        return update("UPDATE ebms_message SET status = 'PROCESSED', updated_at = ?, "
                + "claimed_by = NULL, claimed_until = NULL "
                + "WHERE id = ? AND direction = 'IN' AND status = 'RECEIVED'", clock.instant(), pk) == 1;
    }

    public byte[] envelope(long pk) {
        return bytes("SELECT envelope FROM ebms_message WHERE id = ?", pk);
    }

    public byte[] receipt(long pk) {
        return bytes("SELECT receipt FROM ebms_message WHERE id = ?", pk);
    }

    public List<Payload> payloads(long pk) {
        List<Payload> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT content_id, content_type, data FROM ebms_payload WHERE message_pk = ? ORDER BY seq")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Payload(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("reading payloads of message " + pk, e);
        }
    }

    public Optional<DeliveryTask> task(long pk) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT message_pk, endpoint, next_attempt_at, attempts, "
                     + "max_attempts, retry_interval_ms, deadline, reliable FROM delivery_task WHERE message_pk = ?")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(task(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading delivery task " + pk, e);
        }
    }

    public List<DeliveryAttempt> attempts(long pk) {
        List<DeliveryAttempt> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT attempt_no, node_id, started_at, duration_ms, endpoint, "
                     + "http_status, outcome, detail FROM delivery_attempt WHERE message_pk = ? ORDER BY id")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(6);
                    Integer httpStatus = rs.wasNull() ? null : status;
                    result.add(new DeliveryAttempt(rs.getInt(1), rs.getString(2), instant(rs, 3), rs.getLong(4),
                            rs.getString(5), httpStatus, rs.getString(7), rs.getString(8)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("reading attempts of message " + pk, e);
        }
    }

    /** Number of delivery tasks not yet finished. */
    public long pendingDeliveries() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM delivery_task");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("counting delivery tasks", e);
        }
    }

    /** When the oldest business message still to be delivered (or acknowledged) was submitted. */
    public Optional<Instant> oldestPendingSince() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(m.created_at) FROM ebms_message m "
                     + "JOIN delivery_task t ON t.message_pk = m.id WHERE m.kind = 'USER'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(instant(rs, 1));
        } catch (SQLException e) {
            throw new StoreException("reading the oldest pending delivery", e);
        }
    }

    /** {@link #purge(Instant, Instant, boolean)} with one cut-off for contents and received MessageIds alike. */
    public PurgeCounts purge(Instant olderThan, boolean dryRun) {
        return purge(olderThan, olderThan, dryRun);
    }

    private static final String SENT_DONE = "direction = 'OUT' AND kind = 'USER' "
            + "AND status IN ('DELIVERED', 'ACKNOWLEDGED', 'FAILED') AND updated_at < ? "
            + "AND NOT EXISTS (SELECT 1 FROM delivery_task t WHERE t.message_pk = ebms_message.id)";
    private static final String SIGNAL_DONE = "kind = 'SIGNAL' AND (direction = 'IN' "
            + "OR status IN ('DELIVERED', 'ACKNOWLEDGED', 'FAILED')) AND updated_at < ? "
            + "AND NOT EXISTS (SELECT 1 FROM delivery_task t WHERE t.message_pk = ebms_message.id)";
    private static final String RECEIVED_DONE = "direction = 'IN' AND kind = 'USER' AND status = 'PROCESSED' "
            + "AND updated_at < ?";

    /**
     * Removes completed messages last changed before {@code olderThan}: outbound business messages that ended
     * (DELIVERED, ACKNOWLEDGED, FAILED) and signals, with their payloads and attempts; of inbound business messages the
     * application PROCESSED, the payloads and envelope. The row of a processed inbound message (its MessageId, which
     * duplicate elimination looks up) is deleted only when it is also older than {@code receivedIdsOlderThan}, which
     * the caller sets no later than the longest persist duration of its CPAs allows. Pending outbound and unprocessed
     * inbound messages are never touched. One transaction; a dry run counts and changes nothing.
     */
    public PurgeCounts purge(Instant olderThan, Instant receivedIdsOlderThan, boolean dryRun) {
        Instant idCutOff = receivedIdsOlderThan.isBefore(olderThan) ? receivedIdsOlderThan : olderThan;
        PurgeCounts[] result = new PurgeCounts[1];
        inTransaction(c -> {
            long payloads = count(c, "SELECT COUNT(*) FROM ebms_payload p JOIN ebms_message m ON m.id = p.message_pk "
                    + "WHERE " + SENT_DONE.replace("ebms_message.id", "m.id") + " OR "
                    + SIGNAL_DONE.replace("ebms_message.id", "m.id") + " OR " + RECEIVED_DONE, olderThan, olderThan,
                    olderThan);
            long sent;
            long signals;
            long contents;
            long received;
            if (dryRun) {
                sent = count(c, "SELECT COUNT(*) FROM ebms_message WHERE " + SENT_DONE, olderThan);
                signals = count(c, "SELECT COUNT(*) FROM ebms_message WHERE " + SIGNAL_DONE, olderThan);
                received = count(c, "SELECT COUNT(*) FROM ebms_message WHERE " + RECEIVED_DONE, idCutOff);
                contents = count(c, "SELECT COUNT(*) FROM ebms_message WHERE " + RECEIVED_DONE
                        + " AND updated_at >= ? AND OCTET_LENGTH(envelope) > 0", olderThan, idCutOff);
            } else {
                sent = execute(c, "DELETE FROM ebms_message WHERE " + SENT_DONE, olderThan);
                signals = execute(c, "DELETE FROM ebms_message WHERE " + SIGNAL_DONE, olderThan);
                received = execute(c, "DELETE FROM ebms_message WHERE " + RECEIVED_DONE, idCutOff);
                execute(c, "DELETE FROM ebms_payload WHERE message_pk IN (SELECT id FROM ebms_message WHERE "
                        + RECEIVED_DONE + ")", olderThan);
                contents = execute(c, "UPDATE ebms_message SET envelope = ? WHERE " + RECEIVED_DONE
                        + " AND OCTET_LENGTH(envelope) > 0", new byte[0], olderThan);
            }
            result[0] = new PurgeCounts(sent, signals, contents, received, payloads);
        });
        return result[0];
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant instant) {
                ps.setObject(i + 1, odt(instant));
            } else if (a instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private byte[] bytes(String sql, long pk) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("reading message " + pk, e);
        }
    }

    private Optional<StoredMessage> queryOne(String sql, Object... args) {
        List<StoredMessage> found = query(sql, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<StoredMessage> query(String sql, Object... args) {
        List<StoredMessage> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(message(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("querying messages", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("updating messages", e);
        }
    }

    private static void delete(Connection c, String sql, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, pk);
            ps.executeUpdate();
        }
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(SqlWork work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("updating the message store", e);
        }
    }

    static StoredMessage message(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getLong(1), Direction.valueOf(rs.getString(2)), MessageKind.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                MessageStatus.valueOf(rs.getString(15)), rs.getString(16), instant(rs, 17), instant(rs, 18),
                rs.getString(19));
    }

    private static DeliveryTask task(ResultSet rs) throws SQLException {
        return new DeliveryTask(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getInt(4), rs.getInt(5),
                Duration.ofMillis(rs.getLong(6)), instant(rs, 7), rs.getBoolean(8));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static final int SOURCE_ID_COLUMN = 256;

    /**
     * A source id as stored: as given when it fits the column; else its start, then {@code ...#} and the SHA-256 of
     * the whole, so that a long id (a long Idempotency-Key or file name) is still recognisable and never refused.
     */
    static String sourceIdColumn(String sourceId) {
        if (sourceId == null || sourceId.length() <= SOURCE_ID_COLUMN) {
            return sourceId;
        }
        try {
            String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sourceId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return sourceId.substring(0, SOURCE_ID_COLUMN - 4 - hash.length()) + "...#" + hash;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
