package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.dkgw.gateway.store.StoreException;

/**
 * The JDBC plumbing the repositories share: statements bound from plain values (an {@link Instant} as a UTC
 * timestamp), rows turned into records by a {@link RowMapper}, and a transaction around a piece of work. Each call
 * names what it was doing, which a {@link StoreException} repeats.
 */
final class Jdbc {

    /** Work on one connection; inside {@link #inTransaction} it commits or rolls back as a whole. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final StoreTransactions counts;
    private final GroupCommit shared;
    private final PartStreamLimit partStreams;
    /** The database behind {@link #dataSource}, learnt from the first connection asked; it does not change. */
    private volatile DatabaseProduct product;

    /** Counts its work in the process' totals only; large parts open without bound. */
    Jdbc(DataSource dataSource) {
        this(dataSource, StoreTransactions.OF_THIS_PROCESS);
    }

    /** Without group commit: shared transactions are transactions of their own (tests, tools, a store on its own). */
    Jdbc(DataSource dataSource, StoreTransactions counts) {
        this(dataSource, counts, null, PartStreamLimit.none());
    }

    /** Reads only, opening large parts within {@code partStreams}. */
    Jdbc(DataSource dataSource, PartStreamLimit partStreams) {
        this(dataSource, StoreTransactions.OF_THIS_PROCESS, null, partStreams);
    }

    /** On the group commit's pool and counts, sharing its writers with every other Jdbc built on it. */
    Jdbc(GroupCommit shared, PartStreamLimit partStreams) {
        this(shared.dataSource(), shared.counts(), shared, partStreams);
    }

    private Jdbc(DataSource dataSource, StoreTransactions counts, GroupCommit shared, PartStreamLimit partStreams) {
        this.dataSource = dataSource;
        this.counts = counts;
        this.shared = shared;
        this.partStreams = partStreams;
    }

    /** The pool the work runs on; a payload part read after its message's transaction opens its bytes from it. */
    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Which database {@code c} (a connection of {@link #dataSource()}) is on: asked of the driver once, then known, so a
     * statement that has a form per database does not ask again each time.
     */
    DatabaseProduct product(Connection c) throws SQLException {
        DatabaseProduct known = product;
        if (known == null) {
            known = DatabaseProduct.of(c);
            product = known;
        }
        return known;
    }

    /** How many large payload parts may be open as streams at once on {@link #dataSource()}. */
    PartStreamLimit partStreams() {
        return partStreams;
    }

    /** Runs {@code work} on a connection of its own, each statement committing by itself. */
    <T> T withConnection(String doing, Work<T> work) {
        T result = onConnection(doing, work);
        counts.countAutoCommit(doing);
        return result;
    }

    private <T> T onConnection(String doing, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(doing, e);
        }
    }

    /** Runs {@code work} as one transaction: all of it commits, or none of it. */
    <T> T inTransaction(String doing, Work<T> work) {
        return onConnection(doing, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                counts.countCommit(doing);
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /**
     * Runs {@code work} as one transaction, or as part of one it shares with other callers' work ({@link
     * GroupCommit}): all of it commits, or none of it, and this returns only once it has committed. For short work of
     * small rows only: work that holds its connection long (streaming a large part, waiting on a lock on purpose)
     * keeps {@link #inTransaction}, as it would hold up every caller of the batch. Called from within such work, it
     * joins the transaction that work runs in. Without a {@link GroupCommit} it is {@link #inTransaction}. The work may
     * run twice, its first run rolled back (when another caller's work in the same batch failed): it must do nothing
     * but its statements and build its result afresh each time.
     */
    <T> T inSharedTransaction(String doing, Work<T> work) {
        return shared == null ? inTransaction(doing, work) : shared.run(doing, work);
    }

    <T> List<T> query(String doing, String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(doing, c -> query(c, sql, mapper, args));
    }

    <T> Optional<T> queryOne(String doing, String sql, RowMapper<T> mapper, Object... args) {
        List<T> found = query(doing, sql, mapper, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Runs one INSERT, UPDATE or DELETE and returns its row count. */
    int update(String doing, String sql, Object... args) {
        return withConnection(doing, c -> execute(c, sql, args));
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(mapper.map(rs));
                }
            }
        }
        return result;
    }

    /** The one number a {@code SELECT COUNT(*) AS n ...} (or another single aggregate named {@code n}) returns. */
    static long number(Connection c, String sql, Object... args) throws SQLException {
        return query(c, sql, rs -> rs.getLong("n"), args).get(0);
    }

    static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant instant) {
                ps.setObject(i + 1, odt(instant));
            } else if (a instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A status detail or attempt detail as stored: at most the column's 4000 characters. */
    static String detail(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
