package nl.dkgw.gateway.api;

import java.util.List;

/**
 * Where a node keeps the operator and admin actions it audited, shared by all nodes on one database. Appending never
 * fails the action being audited: a trail that cannot write says so in the log instead.
 */
public interface AuditTrail {

    /** Keeps {@code event}; its {@code id} is ignored, the trail numbers events itself. */
    void append(AuditEvent event);

    /** The latest events, newest first; {@code limit} is kept between 1 and 10,000. */
    List<AuditEvent> latest(int limit);
}
