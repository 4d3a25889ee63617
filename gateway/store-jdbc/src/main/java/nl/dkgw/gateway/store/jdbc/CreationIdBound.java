package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a creation time into a bound on {@code ebms_message.id}, so a time window is read as a range of the primary
 * key instead of through an index on {@code created_at} (which every stored message would have to write, issue 15).
 *
 * <p>Ids are handed out by the database as rows are inserted, and a row's {@code created_at} is its node's clock at
 * that moment, so ids and creation times rise together, apart from messages of one commit that took their time a few
 * milliseconds apart and clocks of the nodes of a cluster that differ a little. The bound is therefore found by
 * bisecting the primary key (a few dozen look-ups, whatever the table's size) for a time {@link #SLACK} beyond the
 * window, and the query keeps its exact condition on {@code created_at} as well: a row counts when it is in the id range
 * and in the time window, which is the same answer as the index gave as long as no row's creation time is more than
 * {@code SLACK} out of step with the ids around it.
 */
final class CreationIdBound {

    /** How far out of step with the ids a row's creation time may be (the clocks of a cluster's nodes included). */
    static final Duration SLACK = Duration.ofMinutes(1);

    private CreationIdBound() {}

    /**
     * An id such that every row created at or after {@code time} (less {@link #SLACK}) has an id at least this one: the
     * lower end of a window that starts at {@code time}. Rows inserted later have higher ids, so they are inside.
     */
    static long atOrAfter(Connection c, Instant time) throws SQLException {
        return firstIdCreatedFrom(c, time.minus(SLACK), false);
    }

    /**
     * An id such that every row created before {@code time} (plus {@link #SLACK}) has an id below this one: the upper
     * end, exclusive, of a window that ends at {@code time}. When no row is that new yet there is no bound ({@link
     * Long#MAX_VALUE}): a row inserted after this look-up may still fall inside a window that ends in the future.
     */
    static long before(Connection c, Instant time) throws SQLException {
        return firstIdCreatedFrom(c, time.plus(SLACK), true);
    }

    /**
     * The smallest id from which on rows are created at or after {@code time}, taking the rows to be in creation order
     * by id. When every row is older: the id after the last row, or {@link Long#MAX_VALUE} if {@code openEnded}; when
     * there is no row: 0, or {@link Long#MAX_VALUE} if {@code openEnded}.
     */
    private static long firstIdCreatedFrom(Connection c, Instant time, boolean openEnded) throws SQLException {
        long low;
        long high;
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT MIN(id) AS lowest, MAX(id) AS highest FROM ebms_message");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            low = rs.getLong("lowest");
            if (rs.wasNull()) {
                return openEnded ? Long.MAX_VALUE : 0;
            }
            high = rs.getLong("highest") + 1;
        }
        long pastLast = high;
        // the answer lies in [low, high]; each step reads the first row at or after the middle
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, created_at FROM ebms_message WHERE id >= ? ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
            while (low < high) {
                long middle = low + (high - low) / 2;
                ps.setLong(1, middle);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        high = middle;
                    } else if (Jdbc.instant(rs, "created_at").isBefore(time)) {
                        low = rs.getLong("id") + 1;
                    } else {
                        // no row lies between the middle and the row found, so the middle bounds as well as its id
                        high = middle;
                    }
                }
            }
        }
        return low >= pastLast && openEnded ? Long.MAX_VALUE : low;
    }
}
