package nl.dkgw.gateway.admin;

import static nl.dkgw.gateway.admin.AdminRoute.Server.API;
import static nl.dkgw.gateway.admin.AdminRoute.Server.CONSOLE;
import static nl.dkgw.gateway.admin.AdminRoute.Server.DOOR;

import java.util.List;
import java.util.Optional;

/**
 * Every request the admin port serves, in one table: routing (the admin API dispatches on it) and authorisation
 * ({@link AccessRule#of}) read the same rows, so a route cannot exist without its rule. The first row that fits a
 * request wins. Reading is for viewers; acting on messages and links for operators; changing the set-up and reading
 * the audit log for admins; anything returning payload bytes needs the payload permission. docs/admin-api.md lists
 * the same routes for people.
 */
public final class AdminRoutes {

    private static final AccessRule VIEW = new AccessRule(Role.VIEWER, false, null);
    private static final AccessRule VIEW_PAYLOADS = new AccessRule(Role.VIEWER, true, "payload-download");

    public static final List<AdminRoute> ALL = List.of(
            route("GET", "/health/live", AccessRule.OPEN, API),
            route("GET", "/health/ready", AccessRule.OPEN, API),
            route("GET", "/metrics", VIEW, API),
            route("POST", "/api/login", AccessRule.OPEN, DOOR),
            route("POST", "/api/logout", VIEW, DOOR),
            route("GET", "/api/me", VIEW, DOOR),
            route("POST", "/api/messages", operator("submit"), API),
            route("POST", "/api/files", operator("file-send"), API),
            route("GET", "/api/messages", VIEW, API),
            route("POST", "/api/messages/{id...}/resend", operator("resend"), API),
            route("GET", "/api/messages/{id...}/payloads/{index}", VIEW_PAYLOADS, API),
            route(
                    "GET",
                    "/api/messages/{id...}/files/{index}",
                    new AccessRule(Role.VIEWER, true, "file-download"),
                    API),
            route("GET", "/api/messages/{id...}/receipt", VIEW, API),
            route("GET", "/api/messages/{id...}", VIEW, API),
            route("GET", "/api/overview", VIEW, API),
            route("GET", "/api/failed", VIEW, API),
            route("GET", "/api/received", VIEW, API),
            route("POST", "/api/received/{id}/processed", operator("mark-processed"), API),
            route("GET", "/api/received/{id}", VIEW_PAYLOADS, API),
            route("POST", "/api/ping", operator("ping"), API),
            route("POST", "/api/diagnose", operator("diagnose"), API),
            route("POST", "/api/chain-test", operator("chain-test"), API),
            route("POST", "/api/status-request", operator("status-request"), API),
            route("GET", "/api/cpas", VIEW, API),
            route("POST", "/api/cpas", admin("cpa-upload"), API),
            route("PUT", "/api/cpas", admin("cpa-upload"), API),
            route("GET", "/api/cpas/{id...}", VIEW, API),
            route("DELETE", "/api/cpas/{id...}", admin("cpa-delete"), API),
            route("POST", "/api/purge", admin("purge"), API),
            route("GET", "/api/audit", new AccessRule(Role.ADMIN, false, null), API),
            route("GET", "/console/login.html", AccessRule.OPEN, CONSOLE),
            route("GET", "/console/assets/{file...}", AccessRule.OPEN, CONSOLE),
            route("GET", "/favicon.ico", AccessRule.OPEN, CONSOLE),
            route("GET", "/", VIEW, CONSOLE),
            route("GET", "/console", VIEW, CONSOLE),
            route("GET", "/console/", VIEW, CONSOLE),
            route("GET", "/console/{file...}", VIEW, CONSOLE));

    private AdminRoutes() {}

    /** The route a request is, if any (HEAD counts as GET; a path with {@code ..} is never an open route). */
    public static Optional<AdminRoute> find(String method, String path) {
        for (AdminRoute r : ALL) {
            if (r.matches(method, path) && !(r.rule().open() && path.contains(".."))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The methods the table serves on {@code path} (empty: no such resource). */
    public static List<String> methodsOf(String path) {
        return ALL.stream()
                .filter(r -> r.match(path).isPresent())
                .map(AdminRoute::method)
                .distinct()
                .toList();
    }

    /** The table's route with this key ({@link AdminRoute#key()}). */
    public static AdminRoute byKey(String key) {
        return ALL.stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no admin route " + key));
    }

    private static AdminRoute route(String method, String template, AccessRule rule, AdminRoute.Server server) {
        return new AdminRoute(method, template, rule, server);
    }

    private static AccessRule operator(String auditAction) {
        return new AccessRule(Role.OPERATOR, false, auditAction);
    }

    private static AccessRule admin(String auditAction) {
        return new AccessRule(Role.ADMIN, false, auditAction);
    }
}
