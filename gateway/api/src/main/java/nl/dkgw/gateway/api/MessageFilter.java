package nl.dkgw.gateway.api;

import java.time.Instant;

/**
 * What a {@link MessageSearch#search} looks for; every field is optional (null: any). {@code party} matches either
 * party of a message, also as a bare OIN at the end of a PartyId. {@code before} is a message key: only older messages
 * (smaller keys) are returned, so a page stays the same while new messages arrive.
 */
public record MessageFilter(
        String cpaId,
        String party,
        String service,
        String action,
        MessageSummary.Status status,
        MessageSummary.Direction direction,
        MessageSummary.Kind kind,
        String messageId,
        String conversationId,
        Instant from,
        Instant to,
        Long before,
        int limit) {

    /** The limit this filter ends up with: at least one, at most {@link MessageSearch#MAX_LIMIT}. */
    public int effectiveLimit() {
        return Math.max(1, Math.min(limit, MessageSearch.MAX_LIMIT));
    }
}
