package nl.dkgw.gateway.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The files this party offers through Grote Berichten (table gb_offered_file): recorded when stored, tied to their
 * metadata message once it was accepted, told how far the receiver fetched them, and marked when the stored file was
 * removed. What the sender sees of its own offered files, and what retention decides on.
 */
public final class OfferedFiles {

    private static final String COLUMNS = "file_id, message_pk, message_id, cpa_id, filename, content_type, "
            + "size_bytes, checksum, receiver_oin, stored_at, expires_at, bytes_served, fetched_at, removed_at, "
            + "removed_reason";

    private static final RowMapper<OfferedFile> ROW = rs -> new OfferedFile(
            rs.getString("file_id"),
            (Long) rs.getObject("message_pk", Long.class),
            rs.getString("message_id"),
            rs.getString("cpa_id"),
            rs.getString("filename"),
            rs.getString("content_type"),
            rs.getLong("size_bytes"),
            rs.getString("checksum"),
            rs.getString("receiver_oin"),
            Jdbc.instant(rs, "stored_at"),
            Jdbc.instant(rs, "expires_at"),
            rs.getLong("bytes_served"),
            Jdbc.instant(rs, "fetched_at"),
            Jdbc.instant(rs, "removed_at"),
            rs.getString("removed_reason"));

    private final Jdbc jdbc;
    private final Clock clock;

    OfferedFiles(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a stored file, before its metadata message is submitted (so every byte served is counted). */
    public void insert(NewOfferedFile f) {
        jdbc.withConnection(
                "recording offered GB file " + f.fileId(),
                c -> Jdbc.execute(
                        c,
                        "INSERT INTO gb_offered_file (file_id, cpa_id, filename, content_type, size_bytes, checksum, "
                                + "receiver_oin, stored_at, expires_at, bytes_served) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                        f.fileId(),
                        f.cpaId(),
                        f.filename(),
                        f.contentType(),
                        f.size(),
                        f.checksum(),
                        f.receiverOin(),
                        f.storedAt(),
                        f.expiresAt()));
    }

    /** Ties the file to the metadata message that announces it. */
    public void announcedBy(String fileId, long messagePk, String messageId) {
        jdbc.withConnection(
                "tying offered GB file " + fileId + " to its message",
                c -> Jdbc.execute(
                        c,
                        "UPDATE gb_offered_file SET message_pk = ?, message_id = ? WHERE file_id = ?",
                        messagePk,
                        messageId,
                        fileId));
    }

    /** Forgets a file whose metadata message was never accepted (the stored file is removed with it). */
    public void forget(String fileId) {
        jdbc.withConnection(
                "forgetting offered GB file " + fileId,
                c -> Jdbc.execute(c, "DELETE FROM gb_offered_file WHERE file_id = ?", fileId));
    }

    public Optional<OfferedFile> find(String fileId) {
        return jdbc.queryOne(
                "reading offered GB file " + fileId,
                "SELECT " + COLUMNS + " FROM gb_offered_file WHERE file_id = ?",
                ROW,
                fileId);
    }

    /** The files a sent message announced, in the order they were stored. */
    public List<OfferedFile> ofMessage(long messagePk) {
        return jdbc.query(
                "listing the offered GB files of message " + messagePk,
                "SELECT " + COLUMNS + " FROM gb_offered_file WHERE message_pk = ? ORDER BY stored_at, file_id",
                ROW,
                messagePk);
    }

    /**
     * The receiving party was served bytes {@code first} up to (not including) {@code end}. The bytes fetched from
     * the start grow only when this range joins them without a gap; once they reach the size the file counts as
     * fetched completely. True when this call made it so (exactly once per file, also with several nodes).
     */
    public boolean served(String fileId, long first, long end) {
        return jdbc.inTransaction("recording bytes served of GB file " + fileId, c -> {
            Instant now = clock.instant();
            Jdbc.execute(
                    c,
                    "UPDATE gb_offered_file SET bytes_served = ? WHERE file_id = ? AND bytes_served >= ? "
                            + "AND bytes_served < ?",
                    end,
                    fileId,
                    first,
                    end);
            return Jdbc.execute(
                            c,
                            "UPDATE gb_offered_file SET fetched_at = ? WHERE file_id = ? AND fetched_at IS NULL "
                                    + "AND bytes_served >= size_bytes",
                            now,
                            fileId)
                    == 1;
        });
    }

    /**
     * Files still stored that may go: fetched completely at least {@code keepAfterFetch} ago, or announced by a
     * message that FAILED (refused by the receiver, or its retries ran out), or past their lifetime.
     */
    public List<OfferedFile> toRemove(Duration keepAfterFetch) {
        Instant now = clock.instant();
        return jdbc.query(
                "listing offered GB files to remove",
                "SELECT " + COLUMNS + " FROM gb_offered_file WHERE removed_at IS NULL AND (fetched_at <= ? "
                        + "OR expires_at <= ? OR message_pk IN (SELECT id FROM ebms_message WHERE status = ?)) "
                        + "ORDER BY stored_at",
                ROW,
                now.minus(keepAfterFetch),
                now,
                MessageStatus.FAILED.name());
    }

    /** The stored file was removed, for {@code reason}; false when it already was. */
    public boolean removed(String fileId, String reason) {
        return jdbc.withConnection(
                        "marking offered GB file " + fileId + " removed",
                        c -> Jdbc.execute(
                                c,
                                "UPDATE gb_offered_file SET removed_at = ?, removed_reason = ? WHERE file_id = ? "
                                        + "AND removed_at IS NULL",
                                clock.instant(),
                                reason,
                                fileId))
                == 1;
    }
}
