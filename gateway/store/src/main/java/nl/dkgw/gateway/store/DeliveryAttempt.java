package nl.dkgw.gateway.store;

import java.time.Instant;

/** One HTTP post of a message to its peer and how it ended. */
public record DeliveryAttempt(
        int attemptNo,
        String nodeId,
        Instant startedAt,
        long durationMs,
        String endpoint,
        Integer httpStatus,
        String outcome,
        String detail) {}
