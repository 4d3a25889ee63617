package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.FileTransfer;
import nl.dkgw.gateway.store.FileTransferStatus;
import nl.dkgw.gateway.store.FileTransfers;
import nl.dkgw.gateway.store.NewFileTransfer;
import nl.dkgw.gateway.store.NewMessage;

/**
 * The downloads of files announced by received messages (table gb_transfer). Rows are inserted with their message
 * ({@link JdbcMessages#insert(NewMessage, DeliveryTask, List)}); a message with a row that is not COMPLETED is held
 * back from the application's claims ({@link JdbcRouteClaims}).
 */
final class JdbcFileTransfers implements FileTransfers {

    private static final String COLUMNS = "id, message_pk, transfer_id, filename, content_type, size_bytes, "
            + "checksum_algorithm, checksum, url, status, detail, file_path, created_at, updated_at, claimed_by";

    /**
     * The condition on {@code ebms_message} that holds a message back while any of its files has not arrived: used
     * where received messages are offered to the application.
     */
    static final String ALL_FILES_ARRIVED = "NOT EXISTS (SELECT 1 FROM gb_transfer t WHERE t.message_pk = "
            + "ebms_message.id AND t.status <> 'COMPLETED')";

    private static final RowMapper<FileTransfer> ROW = rs -> new FileTransfer(
            rs.getLong("id"),
            rs.getLong("message_pk"),
            rs.getString("transfer_id"),
            rs.getString("filename"),
            rs.getString("content_type"),
            rs.getLong("size_bytes"),
            rs.getString("checksum_algorithm"),
            rs.getString("checksum"),
            rs.getString("url"),
            FileTransferStatus.valueOf(rs.getString("status")),
            rs.getString("detail"),
            rs.getString("file_path"),
            Jdbc.instant(rs, "created_at"),
            Jdbc.instant(rs, "updated_at"),
            rs.getString("claimed_by"));

    private final Jdbc jdbc;
    private final Clock clock;
    /** Leases. */
    private final JdbcDatabaseClock shared;

    JdbcFileTransfers(Jdbc jdbc, Clock clock, JdbcDatabaseClock shared) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.shared = shared;
    }

    /** The transfer id of the {@code index}th file of a message: unique per node database and a safe file name. */
    public static String transferId(long messagePk, int index) {
        return "m" + messagePk + "-f" + index;
    }

    static void insert(Connection c, long messagePk, List<NewFileTransfer> files, Instant now) throws SQLException {
        int index = 0;
        for (NewFileTransfer f : files) {
            index++;
            Jdbc.execute(
                    c,
                    "INSERT INTO gb_transfer (message_pk, transfer_id, filename, content_type, size_bytes, "
                            + "checksum_algorithm, checksum, url, status, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    messagePk,
                    transferId(messagePk, index),
                    f.filename(),
                    f.contentType(),
                    f.size(),
                    f.checksumAlgorithm(),
                    f.checksum(),
                    f.url(),
                    FileTransferStatus.DOWNLOADING.name(),
                    now,
                    now);
        }
    }

    /** Transfers still to download (new, or interrupted by a stop), oldest first. */
    @Override
    public List<FileTransfer> downloading() {
        return jdbc.query(
                "listing unfinished GB transfers",
                "SELECT " + COLUMNS + " FROM gb_transfer WHERE status = ? ORDER BY id",
                ROW,
                FileTransferStatus.DOWNLOADING.name());
    }

    @Override
    public boolean claim(String transferId, String nodeId, Duration lease) {
        // the lease and "now" on the shared clock, computed by the UPDATE itself: no round trip to read the time first
        return jdbc.update(
                        "claiming GB transfer " + transferId,
                        "UPDATE gb_transfer SET claimed_by = ?, claimed_until = " + shared.nowPlusSql()
                                + " WHERE transfer_id = ? AND status = ? AND (claimed_by IS NULL OR claimed_by = ? "
                                + "OR claimed_until < " + shared.nowPlusSql() + ")",
                        nodeId,
                        shared.plusArgument(lease),
                        transferId,
                        FileTransferStatus.DOWNLOADING.name(),
                        nodeId,
                        shared.plusArgument(Duration.ZERO))
                == 1;
    }

    /** The announced files of one received message, in the order of its metadata. */
    @Override
    public List<FileTransfer> ofMessage(long messagePk) {
        return jdbc.query(
                "listing the GB transfers of message " + messagePk,
                "SELECT " + COLUMNS + " FROM gb_transfer WHERE message_pk = ? ORDER BY id",
                ROW,
                messagePk);
    }

    /** The file arrived and was verified; false when the transfer was not DOWNLOADING. */
    @Override
    public boolean completed(String transferId, String filePath) {
        return end(transferId, FileTransferStatus.COMPLETED, null, filePath);
    }

    /** The download was given up; false when the transfer was not DOWNLOADING. */
    @Override
    public boolean failed(String transferId, String reason) {
        return end(transferId, FileTransferStatus.FAILED, reason, null);
    }

    private boolean end(String transferId, FileTransferStatus status, String detail, String filePath) {
        return jdbc.withConnection(
                        "ending GB transfer " + transferId,
                        c -> Jdbc.execute(
                                c,
                                "UPDATE gb_transfer SET status = ?, detail = ?, file_path = ?, updated_at = ? "
                                        + "WHERE transfer_id = ? AND status = ?",
                                status.name(),
                                Jdbc.detail(detail),
                                filePath,
                                clock.instant(),
                                transferId,
                                FileTransferStatus.DOWNLOADING.name()))
                == 1;
    }
}
