package nl.dkgw.gateway.store;

import java.util.List;

/**
 * The downloads of files announced by received messages (Grote Berichten). They are stored with their message
 * ({@link Messages#insert(NewMessage, DeliveryTask, List)}); a message with a transfer that is not COMPLETED is held
 * back from the application's claims ({@link RouteClaims}).
 */
public interface FileTransfers {

    /** Transfers still to download (new, or interrupted by a stop), oldest first. */
    List<FileTransfer> downloading();

    /** The announced files of one received message, in the order of its metadata. */
    List<FileTransfer> ofMessage(long messagePk);

    /** The file arrived and was verified; false when the transfer was not DOWNLOADING. */
    boolean completed(String transferId, String filePath);

    /** The download was given up; false when the transfer was not DOWNLOADING. */
    boolean failed(String transferId, String reason);
}
