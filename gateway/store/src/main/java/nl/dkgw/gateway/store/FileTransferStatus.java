package nl.dkgw.gateway.store;

/** Where the download of an announced file stands: running (or waiting to resume), arrived and verified, or given up. */
public enum FileTransferStatus {
    DOWNLOADING,
    COMPLETED,
    FAILED
}
