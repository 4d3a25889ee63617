package nl.dkgw.gateway.api;

import java.time.Duration;

/** The answer to an ebMS Ping: a Pong came back, or why not. */
public record PingResult(boolean pong, String detail, Duration roundTrip, String pingMessageId) {}
