package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin console's static files (HTML, CSS, JavaScript from the class path folder {@code console/}) on the admin
 * port under {@code /console/}; {@code /} and {@code /console} redirect there. The files hold no data: the page reads
 * everything through the authenticated {@code /api}. {@link AdminAccess} lets {@code login.html} and
 * {@code assets/*} through without a session and sends a visitor without one from the console page to the log-in
 * page. Every answer carries a strict Content-Security-Policy (no inline script or style, nothing from another
 * origin, no framing).
 */
public final class ConsoleAssets extends Handler.Abstract {

    public static final String PREFIX = "/console/";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    /** The two pages and the assets: no other folders, no dots but the extension, so no way out of the console. */
    private static final Pattern NAME = Pattern.compile("(index|login)\\.html|assets/[a-z0-9-]{1,64}\\.(css|js|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "svg",
            "image/svg+xml");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** Whether a request path belongs to the console (its files, or the redirects to it). */
    public static boolean serves(String path) {
        return path.equals("/") || path.equals("/console") || path.startsWith(PREFIX);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!serves(path)) {
            return false;
        }
        security(response);
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            return plain(response, callback, 405, "the console's files are read-only");
        }
        if (path.equals("/") || path.equals("/console")) {
            response.setStatus(302);
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        String name = path.substring(PREFIX.length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        Optional<byte[]> file =
                NAME.matcher(name).matches() ? cache.computeIfAbsent(name, ConsoleAssets::load) : Optional.empty();
        if (file.isEmpty()) {
            return plain(response, callback, 404, "no console file " + name);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        boolean head = request.getMethod().equals("HEAD");
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(file.get()), callback);
        return true;
    }

    private static void security(Response response) {
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
    }

    private static boolean plain(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static Optional<byte[]> load(String name) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console/" + name + " from the class path", e);
        }
    }
}
