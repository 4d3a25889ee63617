package nl.dkgw.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a node's start has opened so far (connection pool, scheduler, servers), so that a start that fails
 * part-way closes them again, last opened first, instead of leaving a pool, threads and listening ports behind.
 */
final class StartedParts {

    private static final Logger LOG = LoggerFactory.getLogger(StartedParts.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Registers a part as soon as it holds something (connections, threads, sockets); returns it. */
    <T extends AutoCloseable> T add(T part) {
        opened.push(part);
        return part;
    }

    /** Closes every registered part; a part that fails to close is added to {@code failure} as suppressed. */
    void closeAfterFailedStart(Throwable failure) {
        LOG.atWarn()
                .addKeyValue("event", "node.start-failed")
                .addKeyValue("opened", opened.size())
                .log("gateway node did not start ({}); closing what it had opened", failure.toString());
        while (!opened.isEmpty()) {
            AutoCloseable part = opened.pop();
            try {
                part.close();
            } catch (Exception | Error e) {
                failure.addSuppressed(e);
            }
        }
    }
}
