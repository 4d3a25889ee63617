package nl.dkgw.gateway.store;

import java.time.Duration;
import java.time.Instant;

/** The outstanding delivery of one outbound message. */
public record DeliveryTask(
        long messagePk,
        String endpoint,
        Instant nextAttemptAt,
        int attempts,
        int maxAttempts,
        Duration retryInterval,
        Instant deadline,
        boolean reliable) {}
