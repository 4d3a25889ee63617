package nl.dkgw.gateway.admin;

/**
 * What a request to the admin port needs: nothing ({@link #OPEN}), a role, the payload permission, and under which
 * name it goes to the audit log (null: not audited). Reading is for viewers; acting on messages and links
 * (submit, resend, ping, diagnose, chain test, status request, mark processed) for operators; changing the set-up
 * (CPAs, purge) and reading the audit log for admins; anything returning payload bytes needs the payload permission.
 */
public record AccessRule(Role role, boolean payloads, String auditAction) {

    public static final AccessRule OPEN = new AccessRule(null, false, null);

    public boolean open() {
        return role == null;
    }

    /** The rule for a request; anything not listed that changes state needs an admin. */
    public static AccessRule of(String method, String path) {
        if (isOpen(method, path)) {
            return OPEN;
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read) {
            if (path.equals("/api/audit")) {
                return new AccessRule(Role.ADMIN, false, null);
            }
            // the same test as the API's: a MessageId (chosen by a peer) may itself contain '/'
            if (path.startsWith("/api/messages/") && path.contains("/payloads/")) {
                return new AccessRule(Role.VIEWER, true, "payload-download");
            }
            // every read under /api/received/ but the list may return payloads, whatever follows the id
            if (path.startsWith("/api/received/")) {
                return new AccessRule(Role.VIEWER, true, "payload-download");
            }
            return new AccessRule(Role.VIEWER, false, null);
        }
        if (method.equals("POST")) {
            if (path.equals("/api/logout")) {
                return new AccessRule(Role.VIEWER, false, null);
            }
            if (path.equals("/api/messages")) {
                return new AccessRule(Role.OPERATOR, false, "submit");
            }
            if (path.matches("/api/messages/[^/]+/resend")) {
                return new AccessRule(Role.OPERATOR, false, "resend");
            }
            if (path.matches("/api/received/[^/]+/processed")) {
                return new AccessRule(Role.OPERATOR, false, "mark-processed");
            }
            switch (path) {
                case "/api/ping":
                    return new AccessRule(Role.OPERATOR, false, "ping");
                case "/api/diagnose":
                    return new AccessRule(Role.OPERATOR, false, "diagnose");
                case "/api/chain-test":
                    return new AccessRule(Role.OPERATOR, false, "chain-test");
                case "/api/status-request":
                    return new AccessRule(Role.OPERATOR, false, "status-request");
                case "/api/purge":
                    return new AccessRule(Role.ADMIN, false, "purge");
                default:
                    break;
            }
        }
        if (path.equals("/api/cpas") || path.equals("/api/cpas/")) {
            return new AccessRule(Role.ADMIN, false, "cpa-upload");
        }
        if (path.startsWith("/api/cpas/") && method.equals("DELETE")) {
            return new AccessRule(Role.ADMIN, false, "cpa-delete");
        }
        return new AccessRule(Role.ADMIN, false, method.toLowerCase(java.util.Locale.ROOT) + " " + path);
    }

    /** The health checks, the login itself and the console's login page and static assets. */
    private static boolean isOpen(String method, String path) {
        if (path.equals("/health/live") || path.equals("/health/ready")) {
            return true;
        }
        if (path.equals("/api/login") && method.equals("POST")) {
            return true;
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        return read && (path.equals("/console/login.html") || path.startsWith("/console/assets/")
                || path.equals("/favicon.ico")) && !path.contains("..");
    }
}
