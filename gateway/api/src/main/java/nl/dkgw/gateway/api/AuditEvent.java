package nl.dkgw.gateway.api;

import java.time.Instant;

/**
 * One audited admin action: when, on which node, by whom, what (login, submit, resend, cpa-upload, ...), on which
 * message or CPA id, how it ended and from which address. Never a payload, BSN or password.
 */
public record AuditEvent(
        long id,
        Instant occurredAt,
        String nodeId,
        String user,
        String action,
        String target,
        String outcome,
        String remoteAddress) {}
