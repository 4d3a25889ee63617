package nl.dkgw.routes.broker;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the flows' JMS broker can be used now: a round trip to it (opening and closing a session) over one JMS
 * connection of its own, kept open between checks and opened again after it failed. The probe's connection factory
 * gives up quickly ({@code callTimeout}, {@code connectTimeoutMillis}, no reconnection), so a broker that does not
 * answer makes a check fail within a few seconds instead of hanging it. A result is reused for {@code cacheFor}, so
 * frequent scrapes of readiness and metrics cost the broker nothing extra.
 */
public final class BrokerProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    /** The outcome of one check: usable or not, and what was found, in one line without secrets. */
    public record Result(boolean up, String detail) {}

    private final ActiveMQConnectionFactory factory;
    private final String user;
    private final String password;
    private final String shownUrl;
    private final Duration cacheFor;
    private final Clock clock;

    private Connection connection;
    private volatile boolean connectionFailed;
    private Result last;
    private Instant lastAt;
    private boolean closed;

    /**
     * @param url      the broker's Artemis URL, as the flows use it
     * @param user     the broker user, or null
     * @param password the broker password, or null
     * @param shownUrl the URL as reported (no password)
     * @param timeout  how long one attempt to reach the broker may take
     * @param cacheFor how long a result is reused
     */
    public BrokerProbe(
            String url,
            String user,
            String password,
            String shownUrl,
            Duration timeout,
            Duration cacheFor,
            Clock clock) {
        this.factory = new ActiveMQConnectionFactory(withProbeParameters(url, timeout));
        this.user = user;
        this.password = password;
        this.shownUrl = shownUrl;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    /**
     * The URL with the parameters of the probe's own factory appended (they win over the same ones in the URL): one
     * connect attempt, no reconnection, short call and connect timeouts, a dead connection noticed within about two
     * timeouts.
     */
    static String withProbeParameters(String url, Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return url + (url.contains("?") ? "&" : "?") + "callTimeout=" + ms + "&callFailoverTimeout=" + ms
                + "&connectTimeoutMillis=" + ms + "&initialConnectAttempts=1&reconnectAttempts=0"
                + "&clientFailureCheckPeriod=" + ms + "&connectionTTL=" + (3 * ms);
    }

    /** The broker URL for people to read: no user information and no parameter that holds a password. */
    public static String shown(String url) {
        String shown = url.replaceAll("(?<=://)[^/@?,()]*@", "");
        int q = shown.indexOf('?');
        if (q < 0) {
            return shown;
        }
        StringBuilder kept = new StringBuilder();
        for (String parameter : shown.substring(q + 1).split("&")) {
            String key = parameter.split("=", 2)[0];
            if (!key.toLowerCase(java.util.Locale.ROOT).contains("password") && !parameter.isEmpty()) {
                kept.append(kept.length() == 0 ? "?" : "&").append(parameter);
            }
        }
        return shown.substring(0, q) + kept;
    }

    /** The URL as reported. */
    public String shownUrl() {
        return shownUrl;
    }

    /** Checks the broker, or returns the result of a check less than {@code cacheFor} ago. */
    public synchronized Result check() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(lastAt.plus(cacheFor))) {
            return last;
        }
        Result result = closed ? new Result(false, "broker " + shownUrl + ": the flows are stopped") : roundTrip();
        if (last == null ? !result.up() : last.up() != result.up()) {
            LOG.atLevel(result.up() ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN)
                    .addKeyValue("event", result.up() ? "broker.up" : "broker.down")
                    .addKeyValue("broker", shownUrl)
                    .log(result.detail());
        }
        last = result;
        lastAt = clock.instant();
        return result;
    }

    private Result roundTrip() {
        try {
            if (connection == null || connectionFailed) {
                closeConnection();
                connectionFailed = false;
                Connection c = factory.createConnection(user, password);
                c.setExceptionListener(e -> connectionFailed = true);
                connection = c;
            }
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.close();
            return new Result(true, "answers at " + shownUrl);
        } catch (JMSException | RuntimeException e) {
            closeConnection();
            return new Result(false, "broker " + shownUrl + " is not usable: " + oneLine(e));
        }
    }

    /** The first message in the exception's chain, and the deepest one when it says more. */
    private static String oneLine(Throwable e) {
        String first = null;
        String deepest = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                first = first == null ? t.getMessage() : first;
                deepest = t.getMessage();
            }
        }
        String text = first == null
                ? e.getClass().getSimpleName()
                : first.equals(deepest) ? first : first + " (" + deepest + ")";
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.atDebug().setCause(e).log("closing the broker probe's connection failed");
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        last = null;
        closeConnection();
        factory.close();
    }
}
