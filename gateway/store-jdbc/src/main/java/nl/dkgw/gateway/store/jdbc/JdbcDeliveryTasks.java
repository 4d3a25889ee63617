package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.store.ClaimedDelivery;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.DeliveryTasks;
import nl.dkgw.gateway.store.MessageStatus;

/**
 * The outstanding deliveries of outbound messages (table delivery_task): which node may post a message now (claims
 * on leases), when it is tried again, and how the delivery ends. Every change that decides something is a
 * conditional UPDATE whose row count is the answer, so two nodes, or an attempt and an acknowledgment, never both
 * win.
 */
final class JdbcDeliveryTasks implements DeliveryTasks {

    private final Jdbc jdbc;
    /** This node's clock: the row timestamps it writes. */
    private final Clock clock;
    /** Due times and leases. */
    private final JdbcDatabaseClock shared;

    private final JdbcPayloads payloads;

    JdbcDeliveryTasks(Jdbc jdbc, Clock clock, JdbcDatabaseClock shared) {
        this.jdbc = jdbc;
        this.payloads = new JdbcPayloads(jdbc);
        this.clock = clock;
        this.shared = shared;
    }

    /**
     * Claims up to {@code limit} due delivery tasks for {@code nodeId} for {@code lease}. A task is due when its next
     * attempt time has come and nobody holds a live lease on it. "Now" is the database's clock, read in the same
     * connection, so nodes whose clocks differ still agree on which leases have run out. The claim is a conditional
     * UPDATE per row, so two nodes never claim the same task; the rows of one claim commit together, in a transaction
     * shared with other callers' short writes (in auto-commit each UPDATE was a commit of its own, and H2 writes its
     * pages at each commit).
     */
    @Override
    public List<DeliveryTask> claimDue(String nodeId, Duration lease, int limit) {
        return jdbc.inSharedTransaction("claiming delivery tasks", c -> claimDue(c, nodeId, lease, limit));
    }

    /**
     * The claim and the messages to post, in one transaction, which it shares with other callers' short writes (a
     * claim is a few small rows; a large part is read later, on a connection of its own).
     */
    @Override
    public List<ClaimedDelivery> claimDueToPost(String nodeId, Duration lease, int limit) {
        return jdbc.inSharedTransaction("claiming delivery tasks with their messages", c -> {
            List<ClaimedDelivery> claimed = new ArrayList<>();
            for (DeliveryTask t : claimDue(c, nodeId, lease, limit)) {
                claimed.add(new ClaimedDelivery(t, JdbcMessages.toPost(c, t.messagePk(), payloads)));
            }
            return claimed;
        });
    }

    private List<DeliveryTask> claimDue(Connection c, String nodeId, Duration lease, int limit) throws SQLException {
        // "now" is the transaction's on the shared clock, computed by each statement itself: no round trip to read it
        String now = shared.nowPlusSql();
        Object zero = shared.plusArgument(Duration.ZERO);
        String due = "next_attempt_at <= " + now + " AND (claimed_until IS NULL OR claimed_until < " + now + ")";
        List<DeliveryTask> candidates = Jdbc.query(
                c,
                "SELECT " + Rows.TASK_COLUMNS + " FROM delivery_task WHERE " + due
                        + " ORDER BY next_attempt_at FETCH FIRST " + limit + " ROWS ONLY",
                Rows.TASK,
                zero,
                zero);
        List<DeliveryTask> claimed = new ArrayList<>();
        for (DeliveryTask t : candidates) {
            if (Jdbc.execute(
                            c,
                            "UPDATE delivery_task SET claimed_by = ?, claimed_until = " + now
                                    + " WHERE message_pk = ? AND " + due,
                            nodeId,
                            shared.plusArgument(lease),
                            t.messagePk(),
                            zero,
                            zero)
                    == 1) {
                claimed.add(t);
            }
        }
        return claimed;
    }

    /** Gives up the leases {@code nodeId} held on delivery tasks (at start-up after a crash); how many it held. */
    @Override
    public int releaseClaims(String nodeId) {
        return jdbc.update(
                "releasing the delivery tasks of " + nodeId,
                "UPDATE delivery_task SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                nodeId);
    }

    /**
     * Records an attempt and schedules the next one {@code retryAfter} from now on the database's clock (or keeps the
     * task waiting for an acknowledgment). False when {@code nodeId} no longer holds the task (its lease ran out and
     * another node claimed it, or the message ended meanwhile): the attempt is recorded, the schedule is not touched.
     * On PostgreSQL both are one statement (the attempt's INSERT in a WITH clause), so one round trip.
     */
    @Override
    public boolean attemptFinished(long pk, String nodeId, DeliveryAttempt attempt, Duration retryAfter) {
        return jdbc.inSharedTransaction("rescheduling message " + pk, c -> {
            SqlStatement reschedule = new SqlStatement(
                    "UPDATE delivery_task SET attempts = ?, next_attempt_at = " + shared.nowPlusSql()
                            + ", claimed_by = NULL, claimed_until = NULL WHERE message_pk = ? AND claimed_by = ?",
                    attempt.attemptNo(),
                    shared.plusArgument(retryAfter),
                    pk,
                    nodeId);
            SqlStatement attempted = JdbcDeliveryAttempts.insertOf(pk, attempt);
            if (jdbc.product(c) == DatabaseProduct.POSTGRESQL) {
                return new WithClauses()
                                .add("attempt", attempted)
                                .then(reschedule)
                                .execute(c)
                        == 1;
            }
            attempted.execute(c);
            return reschedule.execute(c) == 1;
        });
    }

    /**
     * Records the attempt that ended the delivery (if any) and closes the message with {@code status}, if it is
     * still PENDING: false when it had ended meanwhile (e.g. an acknowledgment came in during the attempt), which
     * then stands. The task goes either way. On PostgreSQL the three are one statement (attempt and task in WITH
     * clauses before the message's UPDATE), so one round trip instead of three. The task of a received message is
     * that of the Acknowledgment kept in its row ({@link KeptAcknowledgment}): then the Acknowledgment's status
     * changes, and nothing else of the row (the detail of a failure is in the attempts).
     */
    @Override
    public boolean deliveryEnded(long pk, DeliveryAttempt attempt, MessageStatus status, String detail) {
        return jdbc.inSharedTransaction("ending the delivery of message " + pk, c -> {
            // every SET expression sees the row as it was: an inbound row's status is never PENDING
            SqlStatement close = new SqlStatement(
                    "UPDATE ebms_message SET status = CASE WHEN status = 'PENDING' THEN ? ELSE status END, "
                            + "status_detail = CASE WHEN status = 'PENDING' THEN ? ELSE status_detail END, "
                            + "updated_at = CASE WHEN status = 'PENDING' THEN ? ELSE updated_at END, "
                            + "ack_status = CASE WHEN status = 'PENDING' THEN ack_status ELSE ? END "
                            + "WHERE id = ? AND (status = 'PENDING' OR ack_status = 'PENDING')",
                    status.name(),
                    Jdbc.detail(detail),
                    clock.instant(),
                    status.name(),
                    pk);
            SqlStatement dropTask = deleteOf(pk);
            if (jdbc.product(c) == DatabaseProduct.POSTGRESQL) {
                WithClauses before = new WithClauses();
                if (attempt != null) {
                    before.add("attempt", JdbcDeliveryAttempts.insertOf(pk, attempt));
                }
                return before.add("task", dropTask).then(close).execute(c) == 1;
            }
            if (attempt != null) {
                JdbcDeliveryAttempts.insert(c, pk, attempt);
            }
            dropTask.execute(c);
            return close.execute(c) == 1;
        });
    }

    /**
     * Gives a FAILED outbound business message a new delivery task: it goes back to PENDING and is posted again as
     * stored (same MessageId, so the peer's duplicate elimination recognises it if it had received it); a later final
     * failure is reported again. False when the message is not a FAILED outbound business message (then nothing
     * changes).
     */
    @Override
    public boolean resend(long pk, DeliveryTask task, String detail) {
        return jdbc.inTransaction("resending message " + pk, c -> {
            // failure_reported_at cleared: should the resent message fail again, that failure is reported too
            boolean failed = Jdbc.execute(
                            c,
                            "UPDATE ebms_message SET status = 'PENDING', status_detail = ?, "
                                    + "updated_at = ?, failure_reported_at = NULL WHERE id = ? AND direction = 'OUT' "
                                    + "AND kind = 'USER' AND status = 'FAILED'",
                            Jdbc.detail(detail),
                            clock.instant(),
                            pk)
                    == 1;
            if (failed) {
                delete(c, pk);
                insert(c, pk, task);
            }
            return failed;
        });
    }

    /** Drops the task of a message that needs no delivery any more; false when it had none. */
    @Override
    public boolean delete(long pk) {
        return jdbc.withConnection("deleting delivery task " + pk, c -> delete(c, pk));
    }

    @Override
    public Optional<DeliveryTask> find(long pk) {
        return jdbc.queryOne(
                "reading delivery task " + pk,
                "SELECT " + Rows.TASK_COLUMNS + " FROM delivery_task WHERE message_pk = ?",
                Rows.TASK,
                pk);
    }

    /** Number of delivery tasks not yet finished. */
    @Override
    public long pending() {
        return jdbc.withConnection(
                "counting delivery tasks", c -> Jdbc.number(c, "SELECT COUNT(*) AS n FROM delivery_task"));
    }

    /**
     * The metrics gauge's question (every scrape): when the oldest business message still to be delivered (or
     * acknowledged) was created. Asked from the tasks' side in the order of their messages' keys, each task's message
     * looked up by its key, stopping at the first outbound business message: message ids rise with creation, so that
     * is the oldest, and on a sending node it is found at once however many tasks wait (before, the earliest of all
     * tasks' messages was computed: one look-up per waiting task at every scrape, 8 ms with a few hundred waiting). As
     * a join, PostgreSQL planned it from statistics taken when the task table held more rows (or dead ones) than now,
     * as a hash join over a scan of every stored message; the look-up in the select list is not turned into a join.
     * (The task of a received business message is that of its Acknowledgment: not counted, and passed over.)
     */
    static final String OLDEST_PENDING = "SELECT created AS oldest FROM (SELECT t.message_pk, (SELECT m.created_at "
            + "FROM ebms_message m WHERE m.id = t.message_pk AND m.kind = 'USER' AND m.direction = 'OUT') AS created "
            + "FROM delivery_task t ORDER BY t.message_pk) tasks WHERE created IS NOT NULL FETCH FIRST 1 ROWS ONLY";

    /** When the oldest business message still to be delivered (or acknowledged) was submitted. */
    @Override
    public Optional<Instant> oldestPendingSince() {
        return jdbc.withConnection(
                "reading the oldest pending delivery",
                c -> Jdbc.query(c, OLDEST_PENDING, rs -> Jdbc.instant(rs, "oldest")).stream()
                        .findFirst());
    }

    /**
     * Stores the task of a message, in the caller's transaction. A task due now is due now on the shared clock; one
     * {@linkplain DeliveryTask#heldBy() held at insert} is claimed by that node for its lease on the database's clock,
     * as {@link #claimDue} would have, so no other node takes it while the lease runs. Both are computed by the INSERT
     * itself ({@link JdbcDatabaseClock#nowPlusSql()}), not read first.
     */
    void insert(Connection c, long pk, DeliveryTask t) throws SQLException {
        insertOf(t, "?").withFirst(pk).execute(c);
    }

    /**
     * The INSERT of task {@code t} (see {@link #insert}) whose message key is the SQL expression {@code messagePk}: a
     * parameter ({@code ?}, its value then given by {@link SqlStatement#withFirst}) or, on PostgreSQL, the key an
     * earlier WITH clause of the same statement returned.
     */
    SqlStatement insertOf(DeliveryTask t, String messagePk) {
        boolean held = t.heldBy() != null;
        boolean later = t.nextAttemptAt().isAfter(clock.instant());
        List<Object> args = Arrays.asList(
                t.endpoint(),
                later ? t.nextAttemptAt() : shared.plusArgument(Duration.ZERO),
                t.attempts(),
                t.maxAttempts(),
                t.retryInterval().toMillis(),
                t.deadline(),
                t.reliable(),
                t.heldBy(),
                held ? shared.plusArgument(t.heldFor()) : null);
        return new SqlStatement(
                "INSERT INTO delivery_task (message_pk, endpoint, next_attempt_at, attempts, max_attempts, "
                        + "retry_interval_ms, deadline, reliable, claimed_by, claimed_until) "
                        + "VALUES (" + messagePk + ", ?, " + (later ? "?" : shared.nowPlusSql()) + ", ?, ?, ?, ?, ?, "
                        + "?, " + (held ? shared.nowPlusSql() : "?") + ")",
                args);
    }

    static boolean delete(Connection c, long pk) throws SQLException {
        return deleteOf(pk).execute(c) == 1;
    }

    private static SqlStatement deleteOf(long pk) {
        return new SqlStatement("DELETE FROM delivery_task WHERE message_pk = ?", pk);
    }
}
