package nl.dkgw.gateway.store;

import java.time.Instant;

/** How many business messages of one CPA, direction and status were created in the hour starting at {@code hour}. */
public record TrafficCount(String cpaId, Instant hour, Direction direction, MessageStatus status, long count) {}
