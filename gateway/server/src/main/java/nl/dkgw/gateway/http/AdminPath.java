package nl.dkgw.gateway.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A MessageId or CPA id as it goes into an admin API path. The server decodes a path once (Jetty) and refuses an
 * encoded '/', so '/' stays as it is (the API takes it as part of the id) and everything else reserved is
 * percent-encoded; a space is {@code %20}, never {@code +}, which a path keeps as it is.
 */
public final class AdminPath {

    private AdminPath() {}

    public static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
