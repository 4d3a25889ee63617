package nl.dkgw.gateway.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request the admin port serves: its method, its path template, who may make it ({@link AccessRule}) and who
 * answers it ({@link Server}). In a template, {@code {name}} stands for one path segment and {@code {name...}} for
 * the rest up to the next literal, '/' included (a MessageId, chosen by a peer, may contain '/'; the last
 * occurrence of the literal that follows ends it).
 */
public record AdminRoute(String method, String template, AccessRule rule, Server server) {

    /** Who answers the request. */
    public enum Server {
        /** the admin API (JSON, payloads, receipts, metrics, health) */
        API,
        /** the door itself: log-in, log-out, who am I */
        DOOR,
        /** the console's static files */
        CONSOLE
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)(\\.\\.\\.)?}");
    /**
     * Each template's pattern, made once: every request to the admin port (a submission too) is matched against the
     * routes in turn. The templates are the node's own, a fixed set, so the map stays small.
     */
    private static final Map<String, Pattern> REGEX = new ConcurrentHashMap<>();

    public AdminRoute {
        if (!method.equals(method.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("method must be upper case: " + method);
        }
    }

    /** The route's key, as {@code AdminApi} registers its handlers: {@code "GET /api/messages/{id...}"}. */
    public String key() {
        return method + " " + template;
    }

    /** The template's parameter names, in order. */
    public List<String> parameters() {
        Matcher m = PARAMETER.matcher(template);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Whether {@code path} fits the template; the parameters' values when it does. */
    public Optional<Map<String, String>> match(String path) {
        Matcher m = REGEX.computeIfAbsent(template, AdminRoute::regex).matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> names = parameters();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), m.group(i + 1));
        }
        return Optional.of(values);
    }

    /** Whether a request with {@code method} (HEAD counts as GET) and {@code path} is this route. */
    public boolean matches(String requestMethod, String path) {
        String m = requestMethod.equals("HEAD") ? "GET" : requestMethod;
        return method.equals(m) && match(path).isPresent();
    }

    private static Pattern regex(String template) {
        StringBuilder r = new StringBuilder();
        Matcher m = PARAMETER.matcher(template);
        int at = 0;
        while (m.find()) {
            r.append(Pattern.quote(template.substring(at, m.start())));
            r.append(m.group(2) != null ? "(.+)" : "([^/]+)");
            at = m.end();
        }
        r.append(Pattern.quote(template.substring(at)));
        // DOTALL: an id is whatever the path holds, line separators included (they are escaped where logged)
        return Pattern.compile(r.toString(), Pattern.DOTALL);
    }
}
