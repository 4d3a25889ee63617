package nl.dkgw.gateway.msh;

import java.util.UUID;

/** Globally unique ebMS MessageIds of the recommended form {@code UUID@host}. */
public final class MessageIds {
    private final String host;

    public MessageIds(String host) {
        this.host = host;
    }

    public String next() {
        return UUID.randomUUID() + "@" + host;
    }
}
