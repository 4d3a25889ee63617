package nl.dkgw.chain.suite;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What an operator may ask of the node through {@code POST /api/chain-test}: the reports stay under the node's
 * {@code <base>/chain-test/} directory, and the counterpart control URL is http(s) on a loopback address, so the
 * admin API neither writes files anywhere on the node nor makes the node call any URL; the GB test's file and the
 * message timeout stay within the suite's maxima (4 GiB, an hour). A refusal is an
 * IllegalArgumentException with one readable line (the admin API answers it with HTTP 400). The command line
 * ({@code dkgw chain-test} starting its own node) is not limited: it runs with the user's own rights.
 */
public final class ApiRunLimits {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ApiRunLimits() {}

    /** The report directory for a requested relative name: {@code <base>/chain-test/<name>}, normalised. */
    public static Path reportDir(Path baseDir, Path requested) {
        Path root = baseDir.toAbsolutePath().normalize().resolve("chain-test");
        if (requested.isAbsolute() || requested.getRoot() != null) {
            throw new IllegalArgumentException("'reportDir' must be a relative name under " + root
                    + " (an absolute path is refused): " + requested);
        }
        Path dir = root.resolve(requested).normalize();
        if (!dir.startsWith(root) || dir.equals(root)) {
            throw new IllegalArgumentException("'reportDir' must stay under " + root + ": " + requested);
        }
        return dir;
    }

    /** The Grote Berichten test's file size when it is 1 byte up to {@link SuiteOptions#MAX_GB_FILE_BYTES}. */
    public static long gbFileBytes(long bytes) {
        if (bytes < 1 || bytes > SuiteOptions.MAX_GB_FILE_BYTES) {
            throw new IllegalArgumentException(
                    "'gbFileBytes' must be between 1 and " + SuiteOptions.MAX_GB_FILE_BYTES + " (4 GiB): " + bytes);
        }
        return bytes;
    }

    /** The message timeout when it is 1 s up to {@link SuiteOptions#MAX_MESSAGE_TIMEOUT}. */
    public static Duration messageTimeout(long seconds) {
        long max = SuiteOptions.MAX_MESSAGE_TIMEOUT.toSeconds();
        if (seconds < 1 || seconds > max) {
            throw new IllegalArgumentException("'timeoutSeconds' must be between 1 and " + max + ": " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** The control URL when it is http(s) on a loopback address (localhost, 127.0.0.0/8, ::1). */
    public static URI control(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'counterpartControl' is not a URL: " + url);
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null
                || !loopback(uri.getHost())) {
            throw new IllegalArgumentException("'counterpartControl' must be an http(s) URL on a loopback address "
                    + "(localhost, 127.0.0.1, [::1]): " + url);
        }
        return uri;
    }

    /** Only literal addresses and the name localhost: no name is looked up, so DNS cannot point it elsewhere. */
    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = IPV4.matcher(host).matches() || (host.startsWith("[") && host.endsWith("]"));
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
