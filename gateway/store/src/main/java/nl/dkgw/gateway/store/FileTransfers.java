package nl.dkgw.gateway.store;

import java.time.Duration;
import java.util.List;

/**
 * The downloads of files announced by received messages (Grote Berichten). They are stored with their message
 * ({@link Messages#insert(NewMessage, DeliveryTask, List)}); a message with a transfer that is not COMPLETED is held
 * back from the application's claims ({@link RouteClaims}).
 */
public interface FileTransfers {

    /** Transfers still to download (new, or interrupted by a stop), oldest first. */
    List<FileTransfer> downloading();

    /**
     * Takes or renews the lease on a transfer still DOWNLOADING for {@code nodeId} until now + {@code lease}: true
     * when the node holds it now (it had no holder, this node held it, or the holder's lease ran out). "Now" is the
     * shared clock of the store, so of several nodes on one database exactly one downloads a file, and another takes
     * over once the holder stopped renewing.
     */
    boolean claim(String transferId, String nodeId, Duration lease);

    /** The announced files of one received message, in the order of its metadata. */
    List<FileTransfer> ofMessage(long messagePk);

    /** The file arrived and was verified; false when the transfer was not DOWNLOADING. */
    boolean completed(String transferId, String filePath);

    /** The download was given up; false when the transfer was not DOWNLOADING. */
    boolean failed(String transferId, String reason);
}
