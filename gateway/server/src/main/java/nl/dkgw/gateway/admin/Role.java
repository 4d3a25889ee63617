package nl.dkgw.gateway.admin;

import java.util.Locale;

/** What an admin user may do: a viewer reads, an operator also acts on messages and links, an admin also manages. */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** Whether this role includes {@code required} (admin > operator > viewer). */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a role as written in gateway.yml. */
    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be viewer, operator or admin, not '" + text + "'");
    }
}
