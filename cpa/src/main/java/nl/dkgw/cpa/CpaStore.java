package nl.dkgw.cpa;

import static nl.dkgw.cpa.CpaStoreException.Reason.ALREADY_EXISTS;
import static nl.dkgw.cpa.CpaStoreException.Reason.DATABASE;
import static nl.dkgw.cpa.CpaStoreException.Reason.NOT_FOUND;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * CPAs in a relational database (table {@code cpa}, migration {@code V2__cpa_store.sql}), and the {@link CpaRegistry}
 * the MSH looks them up in.
 *
 * <p>Parsed CPAs are cached per node. Every change bumps a global revision ({@code cpa_revision}) in the same
 * transaction; {@link #find} re-reads that revision when the last check is older than {@code maxStaleness} and drops
 * the cache when it moved, so a CPA replaced or deleted on another node is used for the next message after at most
 * {@code maxStaleness}. On the node that made the change it is used at once.
 */
public final class CpaStore implements CpaRegistry {

    /** Where this module's Flyway migrations (the tables below) are; whoever opens the database runs them. */
    public static final String MIGRATIONS = "classpath:db/cpa";
    /** The Flyway history table of those migrations, apart from the other modules' ones. */
    public static final String MIGRATION_HISTORY = "flyway_schema_history_cpa";

    /** Default: a replaced CPA is seen by every node within a second. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final CpaParser parser = new CpaParser();
    private final Clock clock;
    private final Duration maxStaleness;
    private final UrlMapping urlMapping;
    private final Map<String, Cpa> cache = new ConcurrentHashMap<>();
    private volatile long knownRevision = -1;
    private volatile Instant lastCheck = Instant.MIN;

    public CpaStore(DataSource dataSource) {
        this(dataSource, UrlMapping.none(), DEFAULT_MAX_STALENESS, Clock.systemUTC());
    }

    public CpaStore(DataSource dataSource, UrlMapping urlMapping) {
        this(dataSource, urlMapping, DEFAULT_MAX_STALENESS, Clock.systemUTC());
    }

    public CpaStore(DataSource dataSource, UrlMapping urlMapping, Duration maxStaleness, Clock clock) {
        this.dataSource = dataSource;
        this.urlMapping = urlMapping;
        this.maxStaleness = maxStaleness;
        this.clock = clock;
    }

    /** Stores a new CPA. */
    public StoredCpa insert(String xml) throws CpaParseException {
        Cpa cpa = parser.parse(xml);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            StoredCpa stored = inTransaction(c, () -> {
                try (PreparedStatement s =
                        c.prepareStatement("INSERT INTO cpa (cpa_id, status, start_time, end_time, xml, version, "
                                + "imported_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                    s.setString(1, cpa.cpaId());
                    s.setString(2, cpa.status());
                    s.setObject(3, time(cpa.start()));
                    s.setObject(4, time(cpa.end()));
                    s.setString(5, xml);
                    s.setObject(6, time(now));
                    s.setObject(7, time(now));
                    s.executeUpdate();
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw new CpaStoreException(
                                ALREADY_EXISTS, "CPA " + cpa.cpaId() + " already exists; replace it instead", e);
                    }
                    throw e;
                }
                bumpRevision(c);
                return new StoredCpa(cpa.cpaId(), cpa.status(), cpa.start(), cpa.end(), 1, now, now, xml);
            });
            cache.put(cpa.cpaId(), cpa);
            return stored;
        } catch (SQLException e) {
            throw database("insert CPA " + cpa.cpaId(), e);
        }
    }

    /** Replaces an existing CPA with a new version of the document (same CPAId). */
    public StoredCpa replace(String xml) throws CpaParseException {
        Cpa cpa = parser.parse(xml);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            StoredCpa stored = inTransaction(c, () -> {
                int updated;
                try (PreparedStatement s =
                        c.prepareStatement("UPDATE cpa SET status = ?, start_time = ?, end_time = ?, xml = ?, "
                                + "version = version + 1, updated_at = ? WHERE cpa_id = ?")) {
                    s.setString(1, cpa.status());
                    s.setObject(2, time(cpa.start()));
                    s.setObject(3, time(cpa.end()));
                    s.setString(4, xml);
                    s.setObject(5, time(now));
                    s.setString(6, cpa.cpaId());
                    updated = s.executeUpdate();
                }
                if (updated == 0) {
                    throw new CpaStoreException(
                            NOT_FOUND, "CPA " + cpa.cpaId() + " does not exist; insert it first", null);
                }
                bumpRevision(c);
                return read(c, cpa.cpaId()).orElseThrow();
            });
            cache.put(cpa.cpaId(), cpa);
            return stored;
        } catch (SQLException e) {
            throw database("replace CPA " + cpa.cpaId(), e);
        }
    }

    /** Deletes a CPA; false when there was none with that id. */
    public boolean delete(String cpaId) {
        try (Connection c = dataSource.getConnection()) {
            boolean deleted = inTransaction(c, () -> {
                int count;
                try (PreparedStatement s = c.prepareStatement("DELETE FROM cpa WHERE cpa_id = ?")) {
                    s.setString(1, cpaId);
                    count = s.executeUpdate();
                }
                if (count > 0) bumpRevision(c);
                return count > 0;
            });
            cache.remove(cpaId);
            return deleted;
        } catch (SQLException e) {
            throw database("delete CPA " + cpaId, e);
        }
    }

    /** All stored CPAs, by CPAId, without their documents ({@link StoredCpa#xml()} is null). */
    public List<StoredCpa> list() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT cpa_id, status, start_time, end_time, version, imported_at, updated_at "
                                + "FROM cpa ORDER BY cpa_id");
                ResultSet r = s.executeQuery()) {
            List<StoredCpa> result = new ArrayList<>();
            while (r.next()) result.add(row(r, null));
            return result;
        } catch (SQLException e) {
            throw database("list CPAs", e);
        }
    }

    /** One stored CPA with its document. */
    public Optional<StoredCpa> show(String cpaId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, cpaId);
        } catch (SQLException e) {
            throw database("read CPA " + cpaId, e);
        }
    }

    /** The parsed CPA, URL mapping applied; reflects changes made by other nodes within the max staleness. */
    @Override
    public Optional<Cpa> find(String cpaId) {
        refreshIfStale();
        Cpa cached = cache.get(cpaId);
        if (cached == null) {
            Optional<StoredCpa> stored = show(cpaId);
            if (stored.isEmpty()) return Optional.empty();
            try {
                cached = parser.parse(stored.get().xml());
            } catch (CpaParseException e) {
                throw new CpaStoreException(
                        DATABASE, "stored CPA " + cpaId + " cannot be parsed: " + e.getMessage(), e);
            }
            cache.put(cpaId, cached);
        }
        return Optional.of(urlMapping.apply(cached));
    }

    private void refreshIfStale() {
        Instant now = clock.instant();
        if (Duration.between(lastCheck, now).compareTo(maxStaleness) < 0 && knownRevision >= 0) return;
        long revision;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT revision FROM cpa_revision WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            revision = r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw database("read the CPA revision", e);
        }
        if (revision != knownRevision) {
            cache.clear();
            knownRevision = revision;
        }
        lastCheck = now;
    }

    private void bumpRevision(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE cpa_revision SET revision = revision + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        // our own change: the cache entry is already current, but force the next find to re-read the revision
        lastCheck = Instant.MIN;
    }

    private Optional<StoredCpa> read(Connection c, String cpaId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT cpa_id, status, start_time, end_time, version, imported_at, updated_at, xml "
                        + "FROM cpa WHERE cpa_id = ?")) {
            s.setString(1, cpaId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r, r.getString("xml"))) : Optional.empty();
            }
        }
    }

    private static StoredCpa row(ResultSet r, String xml) throws SQLException {
        return new StoredCpa(
                r.getString("cpa_id"),
                r.getString("status"),
                instant(r, "start_time"),
                instant(r, "end_time"),
                r.getLong("version"),
                instant(r, "imported_at"),
                instant(r, "updated_at"),
                xml);
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static CpaStoreException database(String what, SQLException e) {
        return new CpaStoreException(DATABASE, "cannot " + what + ": " + e.getMessage(), e);
    }
}
