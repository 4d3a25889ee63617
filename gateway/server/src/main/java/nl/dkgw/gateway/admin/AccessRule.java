package nl.dkgw.gateway.admin;

import java.util.Locale;

/**
 * What a request to the admin port needs: nothing ({@link #OPEN}), a role, the payload permission, and under which
 * name it goes to the audit log (null: not audited). Each route's rule is in {@link AdminRoutes}.
 */
public record AccessRule(Role role, boolean payloads, String auditAction) {

    public static final AccessRule OPEN = new AccessRule(null, false, null);

    public boolean open() {
        return role == null;
    }

    /**
     * The rule for a request: its route's in {@link AdminRoutes}. A request no route serves (the API answers it 404
     * or 405) still needs a user: reading needs a viewer (with the payload permission under {@code /api/received/},
     * where reads return payloads), anything else an admin, audited under its method and path.
     */
    public static AccessRule of(String method, String path) {
        return AdminRoutes.find(method, path).map(AdminRoute::rule).orElseGet(() -> unlisted(method, path));
    }

    private static AccessRule unlisted(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return new AccessRule(
                    Role.VIEWER,
                    path.startsWith("/api/received/"),
                    path.startsWith("/api/received/") ? "payload-download" : null);
        }
        return new AccessRule(Role.ADMIN, false, method.toLowerCase(Locale.ROOT) + " " + path);
    }
}
