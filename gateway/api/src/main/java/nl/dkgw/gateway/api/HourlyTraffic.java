package nl.dkgw.gateway.api;

import java.time.Instant;

/** How many business messages of one CPA, direction and status were created in the hour starting at {@code hour}. */
public record HourlyTraffic(
        String cpaId, Instant hour, MessageSummary.Direction direction, MessageSummary.Status status, long count) {}
