package nl.dkgw.gateway.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A total deadline for the head of each request (request line and headers) on a connector, counted from the head's
 * first byte. The idle timeout alone does not bound it: every byte resets that, so a client that trickles a byte at a
 * time just under the idle timeout keeps a connection, and its buffers, for ever. Jetty has no such deadline of its
 * own, so this listener keeps the connector's HTTP/1.1 connections and looks at each one's parser every quarter of
 * the deadline on Jetty's scheduler; a connection whose parser has been inside one request head for longer than the
 * deadline is closed without an answer (the client is not reading one). Connections between requests or reading a
 * body are left to the idle timeout and to the body handling.
 */
final class RequestHeadDeadline extends AbstractLifeCycle implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);

    private final Duration deadline;
    private final Scheduler scheduler;
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile Scheduler.Task next;

    RequestHeadDeadline(Duration deadline, Scheduler scheduler) {
        this.deadline = deadline;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.add(http);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.remove(http);
        }
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        open.clear();
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = scheduler.schedule(this::sweep, Math.max(50, deadline.toMillis() / 4), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            for (HttpConnection connection : open) {
                if (overdue(connection.getParser())) {
                    LOG.atWarn()
                            .addKeyValue("event", "inbound.request-head-timeout")
                            .addKeyValue(
                                    "remote",
                                    String.valueOf(connection.getEndPoint().getRemoteSocketAddress()))
                            .addKeyValue("deadlineSeconds", deadline.toSeconds())
                            .log("closed a connection whose request head did not arrive within the deadline "
                                    + "(limits.request-head-timeout)");
                    open.remove(connection);
                    connection.getEndPoint().close();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the request head deadline check failed; it runs again", e);
        } finally {
            schedule();
        }
    }

    /** Whether the parser is inside a request head that began longer than the deadline ago. */
    private boolean overdue(HttpParser parser) {
        long began = parser.getBeginNanoTime();
        return parser.inHeaderState()
                && !parser.isStart()
                && began != 0
                && NanoTime.millisSince(began) > deadline.toMillis();
    }
}
