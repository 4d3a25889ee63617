package nl.dkgw.gateway.msh;

/**
 * The largest message (HTTP body, in bytes) a post under a CPA may be ({@code limits.max-message-bytes} and
 * {@code limits.max-message-bytes-by-cpa}), checked once the message's CPA is known.
 */
@FunctionalInterface
public interface MessageSizeLimit {

    /** No limit beyond what the HTTP endpoint applies before the CPA is known. */
    MessageSizeLimit NONE = cpaId -> Long.MAX_VALUE;

    /** The largest body, in bytes, a post under {@code cpaId} may be. */
    long maxBytes(String cpaId);
}
