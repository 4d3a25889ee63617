package nl.dkgw.gateway.store;

import java.time.Instant;

/**
 * One announced file of a received message (table gb_transfer), where its download stands and which node holds its
 * lease (null: none yet).
 */
public record FileTransfer(
        long pk,
        long messagePk,
        String transferId,
        String filename,
        String contentType,
        long size,
        String checksumAlgorithm,
        String checksum,
        String url,
        FileTransferStatus status,
        String detail,
        String filePath,
        Instant createdAt,
        Instant updatedAt,
        String claimedBy) {}
