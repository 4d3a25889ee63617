package nl.dkgw.gateway.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewOfferedFile;
import nl.dkgw.gateway.store.OfferedFile;
import nl.dkgw.gateway.store.OfferedFiles;

/** The files this party offers through Grote Berichten, in table gb_offered_file. */
final class JdbcOfferedFiles implements OfferedFiles {

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

    JdbcOfferedFiles(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
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

    @Override
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

    @Override
    public void forget(String fileId) {
        jdbc.withConnection(
                "forgetting offered GB file " + fileId,
                c -> Jdbc.execute(c, "DELETE FROM gb_offered_file WHERE file_id = ?", fileId));
    }

    @Override
    public Optional<OfferedFile> find(String fileId) {
        return jdbc.queryOne(
                "reading offered GB file " + fileId,
                "SELECT " + COLUMNS + " FROM gb_offered_file WHERE file_id = ?",
                ROW,
                fileId);
    }

    @Override
    public List<OfferedFile> ofMessage(long messagePk) {
        return jdbc.query(
                "listing the offered GB files of message " + messagePk,
                "SELECT " + COLUMNS + " FROM gb_offered_file WHERE message_pk = ? ORDER BY stored_at, file_id",
                ROW,
                messagePk);
    }

    @Override
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

    @Override
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

    @Override
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
