package nl.dkgw.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.dkgw.gateway.admin.AccessRule;
import nl.dkgw.gateway.admin.AdminPrincipal;
import nl.dkgw.gateway.admin.AuditLog;
import nl.dkgw.gateway.admin.LoginThrottle;
import nl.dkgw.gateway.admin.Sessions;
import nl.dkgw.gateway.admin.UserDirectory;
import nl.dkgw.gateway.config.GatewayConfig;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the admin port: authenticates every request (HTTP Basic, or the console's session cookie), applies the
 * {@link AccessRule} of the request, guards cookie-authenticated changes against cross-site requests (header
 * {@value #CSRF_HEADER}), serves login, logout and "who am I", and writes the audit log of operator and admin
 * actions. The request goes on to the admin API with its {@link AdminPrincipal} as attribute {@value #PRINCIPAL}.
 */
public final class AdminAccess extends Handler.Abstract {

    public static final String PRINCIPAL = "dkgw.principal";
    /** Set by the API when the audited target (message or CPA id) is only known from the body or the result. */
    public static final String AUDIT_TARGET = "dkgw.audit.target";
    /** Set by the API to name the audited action more precisely (e.g. a diagnosis with a test message). */
    public static final String AUDIT_ACTION = "dkgw.audit.action";

    public static final String SESSION_COOKIE = "dkgw_session";
    public static final String CSRF_HEADER = "X-Dkgw-Csrf";

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

    private final Handler api;
    private final UserDirectory users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final ObjectMapper json = new ObjectMapper();

    private AdminAccess(Handler api, UserDirectory users, Sessions sessions, LoginThrottle throttle, AuditLog audit) {
        this.api = api;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        addBean(api);
    }

    /**
     * Checks the admin configuration before anything starts.
     *
     * @return the users, or null when {@code admin.auth} is {@code none}
     * @throws IllegalArgumentException when there are no users and authentication was not switched off explicitly,
     *                                  or a user is misconfigured
     */
    public static UserDirectory users(GatewayConfig.Admin admin, Clock clock) {
        if (admin.auth().equals(GatewayConfig.Admin.AUTH_NONE)) {
            if (!loopback(admin.host())) {
                throw new IllegalArgumentException("admin.auth: none is only allowed on a loopback address, but "
                        + "admin.host is " + admin.host() + ": set admin.host: 127.0.0.1 or configure admin.users");
            }
            LOG.atWarn()
                    .addKeyValue("event", "admin.auth-none")
                    .log(
                            "the admin API and console run WITHOUT "
                                    + "authentication (admin.auth: none): anyone who reaches {}:{} can send, resend, read payloads "
                                    + "and change CPAs",
                            admin.host(),
                            admin.port());
            return null;
        }
        UserDirectory users = UserDirectory.of(admin.users(), clock);
        if (users.isEmpty()) {
            throw new IllegalArgumentException("admin.users is empty: the admin API requires users (create a password "
                    + "hash with 'dkgw admin hash-password'), or set admin.auth: none explicitly to run it without "
                    + "authentication (loopback only)");
        }
        return users;
    }

    /** Whether {@code host} names only loopback addresses (an unknown name does not). */
    private static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The door in front of {@code api}; {@code users} null means no authentication. */
    public static AdminAccess create(
            Handler api, UserDirectory users, Duration sessionIdle, AuditLog audit, Clock clock) {
        return new AdminAccess(api, users, new Sessions(sessionIdle, clock), new LoginThrottle(clock), audit);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        AccessRule rule = AccessRule.of(method, path);
        String remote = Request.getRemoteAddr(request);
        if (path.equals("/api/login") && method.equals("POST")) {
            if (crossSite(request)) {
                // login CSRF: another site must not log a browser in under its own account
                audit.record("-", "login", null, "refused: cross-site request", remote);
                return error(request, response, callback, 403, "cross-site request refused");
            }
            return login(request, response, callback);
        }
        if (rule.open()) {
            return api.handle(request, response, callback);
        }
        Caller caller;
        try {
            caller = authenticate(request);
        } catch (Locked e) {
            return locked(request, response, callback, e);
        }
        if (caller == null) {
            if (path.startsWith("/console") && (method.equals("GET") || method.equals("HEAD"))) {
                response.setStatus(303);
                response.getHeaders().put(HttpHeader.LOCATION, "/console/login.html");
                callback.succeeded();
                return true;
            }
            if (request.getHeaders().get(CSRF_HEADER) == null) {
                // a browser shows its own password dialog on this header; the console asks itself
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"dkgw\", charset=\"UTF-8\"");
            }
            return error(request, response, callback, 401, "authentication required: HTTP Basic or a console session");
        }
        AdminPrincipal who = caller.principal();
        boolean changes = !(method.equals("GET") || method.equals("HEAD"));
        if (changes && crossSite(request)) {
            // a browser that cached Basic credentials would send them along with a forged cross-site form
            audit.record(
                    who.name(), actionOf(rule, method, path), targetOf(path), "refused: cross-site request", remote);
            return error(request, response, callback, 403, "cross-site request refused");
        }
        if (caller.viaCookie() && changes && !"1".equals(request.getHeaders().get(CSRF_HEADER))) {
            audit.record(
                    who.name(),
                    actionOf(rule, method, path),
                    targetOf(path),
                    "refused: no " + CSRF_HEADER + " header",
                    remote);
            return error(
                    request,
                    response,
                    callback,
                    403,
                    "a console request that changes something must carry the header " + CSRF_HEADER + ": 1");
        }
        if (path.equals("/api/logout") && method.equals("POST")) {
            return logout(request, response, callback, caller);
        }
        if (path.equals("/api/me") && method.equals("GET")) {
            return send(response, callback, 200, me(who));
        }
        if (!who.role().includes(rule.role()) || (rule.payloads() && !who.payloads())) {
            if (rule.auditAction() != null) {
                audit.record(who.name(), rule.auditAction(), targetOf(path), "denied", remote);
            }
            return error(
                    request,
                    response,
                    callback,
                    403,
                    rule.payloads() && who.role().includes(rule.role())
                            ? "user " + who.name() + " lacks the payloads permission"
                            : "user " + who.name() + " (" + who.role().label() + ") may not do this; it needs the role "
                                    + rule.role().label());
        }
        request.setAttribute(PRINCIPAL, who);
        boolean handled = api.handle(request, response, callback);
        if (rule.auditAction() != null) {
            Object action = request.getAttribute(AUDIT_ACTION);
            Object target = request.getAttribute(AUDIT_TARGET);
            int status = response.getStatus();
            audit.record(
                    who.name(),
                    action == null ? rule.auditAction() : action.toString(),
                    target == null ? targetOf(path) : target.toString(),
                    status < 400 ? "success" : "failure (HTTP " + status + ")",
                    remote);
        }
        return handled;
    }

    /** Whether a browser says the request comes from another site (Sec-Fetch-Site, or an Origin of another host). */
    static boolean crossSite(Request request) {
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite)) {
            return true;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || origin.isBlank()) {
            return false;
        }
        try {
            URI o = URI.create(origin.trim());
            if (o.getHost() == null) {
                return true;
            }
            String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            for (String host : new String[] {
                request.getHeaders().get(HttpHeader.HOST), request.getHeaders().get(HttpHeader.X_FORWARDED_HOST)
            }) {
                if (host != null
                        && (originHost.equalsIgnoreCase(host.trim())
                                || o.getHost().equalsIgnoreCase(host.trim()))) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private record Caller(AdminPrincipal principal, boolean viaCookie, String sessionId) {}

    /** Refused before the password was looked at: locked after failures (429) or every check busy (503). */
    private static final class Locked extends Exception {
        final Duration retryAfter;
        final boolean busy;

        Locked(Duration retryAfter, boolean busy) {
            super(null, null, false, false);
            this.retryAfter = retryAfter;
            this.busy = busy;
        }
    }

    private Caller authenticate(Request request) throws Locked {
        if (users == null) {
            return new Caller(AdminPrincipal.ANONYMOUS, false, null);
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String name = decoded.substring(0, colon);
            Optional<AdminPrincipal> who =
                    check(name, decoded.substring(colon + 1).toCharArray(), request, "basic");
            return who.map(p -> new Caller(p, false, null)).orElse(null);
        }
        String session = sessionCookie(request);
        return session == null
                ? null
                : sessions.use(session).map(p -> new Caller(p, true, session)).orElse(null);
    }

    /** Verifies a password under the throttle; failures are logged and audited, never with the password. */
    private Optional<AdminPrincipal> check(String given, char[] password, Request request, String how) throws Locked {
        String name = printable(given);
        String remote = Request.getRemoteAddr(request);
        Optional<Duration> locked = throttle.lockedFor(name);
        if (locked.isPresent()) {
            LOG.atWarn()
                    .addKeyValue("event", "admin.login-locked")
                    .addKeyValue("user", name)
                    .addKeyValue("remote", remote)
                    .log("login for {} refused: too many failed attempts", name);
            audit.record(name, "login", null, "refused: locked after failed attempts (" + how + ")", remote);
            throw new Locked(locked.get(), false);
        }
        Optional<AdminPrincipal> who;
        try {
            who = users.verify(given, password);
        } catch (UserDirectory.Busy e) {
            LOG.atWarn()
                    .addKeyValue("event", "admin.login-busy")
                    .addKeyValue("user", name)
                    .addKeyValue("remote", remote)
                    .log("login for {} refused: every password check is busy", name);
            throw new Locked(Duration.ofSeconds(1), true);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (who.isEmpty()) {
            throttle.failed(name);
            LOG.atWarn()
                    .addKeyValue("event", "admin.login-failed")
                    .addKeyValue("user", name)
                    .addKeyValue("remote", remote)
                    .addKeyValue("method", how)
                    .log("failed login for {} from {}", name, remote);
            audit.record(name, "login", null, "failure (" + how + ")", remote);
        } else {
            throttle.succeeded(name);
        }
        return who;
    }

    private boolean login(Request request, Response response, Callback callback) throws Exception {
        JsonNode body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = json.readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            return error(request, response, callback, 400, "the login body must be JSON {\"username\", \"password\"}");
        }
        if (body == null || !body.hasNonNull("username") || !body.hasNonNull("password")) {
            return error(request, response, callback, 400, "the login body must be JSON {\"username\", \"password\"}");
        }
        if (users == null) {
            return send(response, callback, 200, me(AdminPrincipal.ANONYMOUS));
        }
        String name = body.get("username").asText();
        Optional<AdminPrincipal> who;
        String logged = printable(name);
        try {
            who = check(name, body.get("password").asText().toCharArray(), request, "console");
        } catch (Locked e) {
            return locked(request, response, callback, e);
        }
        if (who.isEmpty()) {
            return error(request, response, callback, 401, "unknown user or wrong password");
        }
        String id = sessions.open(who.get());
        audit.record(logged, "login", null, "success", Request.getRemoteAddr(request));
        Response.addCookie(
                response,
                HttpCookie.build(SESSION_COOKIE, id)
                        .path("/")
                        .httpOnly(true)
                        .sameSite(HttpCookie.SameSite.STRICT)
                        .secure(request.isSecure() || behindTls(request))
                        .build());
        return send(response, callback, 200, me(who.get()));
    }

    /**
     * Whether a proxy in front says the browser spoke HTTPS to it ({@code X-Forwarded-Proto: https}); trusting the
     * header costs nothing: a client that sends it falsely only makes its own cookie Secure.
     */
    private static boolean behindTls(Request request) {
        String proto = request.getHeaders().get(HttpHeader.X_FORWARDED_PROTO);
        return proto != null && proto.trim().toLowerCase(Locale.ROOT).startsWith("https");
    }

    private boolean logout(Request request, Response response, Callback callback, Caller caller) throws IOException {
        if (caller.sessionId() != null) {
            sessions.close(caller.sessionId());
        }
        audit.record(caller.principal().name(), "logout", null, "success", Request.getRemoteAddr(request));
        Response.addCookie(
                response,
                HttpCookie.build(SESSION_COOKIE, "")
                        .path("/")
                        .httpOnly(true)
                        .sameSite(HttpCookie.SameSite.STRICT)
                        .maxAge(0)
                        .build());
        return send(response, callback, 200, json.createObjectNode().put("loggedOut", true));
    }

    private ObjectNode me(AdminPrincipal who) {
        return json.createObjectNode()
                .put("username", who.name())
                .put("role", who.role().label())
                .put("payloads", who.payloads())
                .put("authentication", users == null ? "none" : "users");
    }

    private static String sessionCookie(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie c : cookies) {
            if (c.getName().equals(SESSION_COOKIE) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    /** The audited action of a refused request: the rule's, or method and path for one not audited otherwise. */
    private static String actionOf(AccessRule rule, String method, String path) {
        return rule.auditAction() != null ? rule.auditAction() : method.toLowerCase(Locale.ROOT) + " " + path;
    }

    /** A user name as it may go into logs and the audit table: no control characters, at most 64 characters. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        String clean = AuditLog.printable(name);
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }

    /** The message, received-message or CPA id a path names, if any. */
    static String targetOf(String path) {
        for (String prefix : new String[] {"/api/messages/", "/api/cpas/", "/api/received/"}) {
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                return slash < 0 ? rest : rest.substring(0, slash);
            }
        }
        return null;
    }

    private boolean locked(Request request, Response response, Callback callback, Locked locked) throws IOException {
        Duration retryAfter = locked.retryAfter;
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        if (locked.busy) {
            return error(
                    request,
                    response,
                    callback,
                    503,
                    "the admin port is busy checking other passwords; try again in "
                            + Math.max(1, retryAfter.toSeconds()) + " s");
        }
        return error(
                request,
                response,
                callback,
                429,
                "too many failed logins for this user; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
    }

    private boolean send(Response response, Callback callback, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(body)), callback);
        return true;
    }

    private boolean error(Request request, Response response, Callback callback, int status, String message)
            throws IOException {
        RequestBodies.discardSmall(request);
        return send(response, callback, status, json.createObjectNode().put("error", message));
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        api.setServer(server);
    }
}
