package nl.dkgw.gateway.msh;

/**
 * Globally unique ebMS MessageIds of the recommended form {@code UUID@host}, with a time-ordered UUID (version 7, see
 * {@link TimeOrderedUuid}) so that the ids a node makes sort by the time it made them.
 */
public final class MessageIds {
    private final String host;

    public MessageIds(String host) {
        this.host = host;
    }

    public String next() {
        return TimeOrderedUuid.next() + "@" + host;
    }
}
