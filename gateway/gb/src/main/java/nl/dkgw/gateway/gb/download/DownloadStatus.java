package nl.dkgw.gateway.gb.download;

/** Where a download stands: still going (or cut off by a stop and waiting to resume), done, or given up. */
public enum DownloadStatus {
    IN_PROGRESS,
    COMPLETED,
    FAILED
}
