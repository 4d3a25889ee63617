package nl.dkgw.cpa;

import java.time.Instant;

/**
 * A CPA as the store keeps it.
 *
 * @param version   1 on import, incremented by every replace
 * @param xml       the document as imported
 */
public record StoredCpa(
        String cpaId,
        String status,
        Instant start,
        Instant end,
        long version,
        Instant importedAt,
        Instant updatedAt,
        String xml) {}
