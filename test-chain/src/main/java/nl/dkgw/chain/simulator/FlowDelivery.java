package nl.dkgw.chain.simulator;

import java.time.Instant;

/**
 * What a simulated receiving system got from its node's inbound flow: a payload that passed the flow's XSD
 * ({@code accepted}), or one that failed it, with the reason.
 */
public record FlowDelivery(Instant at, String flow, String messageId, boolean accepted, String reason, int bytes) {}
