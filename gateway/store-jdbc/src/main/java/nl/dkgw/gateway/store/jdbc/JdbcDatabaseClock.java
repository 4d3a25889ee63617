package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.dkgw.gateway.store.DatabaseClock;

/**
 * The clock that due times of delivery tasks and leases (of tasks and of route claims) are measured on: the
 * database's {@code CURRENT_TIMESTAMP}, which every node of a cluster shares, or a {@link Clock} for a test that
 * moves time by hand ({@link JdbcStore#onClock}).
 */
final class JdbcDatabaseClock implements DatabaseClock {

    private final Jdbc jdbc;
    /** Null: the database's clock. */
    private final Clock shared;

    JdbcDatabaseClock(Jdbc jdbc, Clock shared) {
        this.jdbc = jdbc;
        this.shared = shared;
    }

    @Override
    public Instant now() {
        return shared != null ? shared.instant() : jdbc.withConnection("reading the database clock", this::now);
    }

    /**
     * An SQL expression for now plus a duration on this clock, taking one parameter, {@link #plusArgument}: on the
     * database's clock the statement computes it itself, with the CURRENT_TIMESTAMP of its transaction, so a write
     * that needs the shared "now" costs no round trip of its own to read it first (on PostgreSQL each is one).
     */
    String nowPlusSql() {
        return shared != null ? "?" : "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    }

    /** The parameter of {@link #nowPlusSql()} for {@code later}: milliseconds, or the instant on a test's clock. */
    Object plusArgument(Duration later) {
        return shared != null ? shared.instant().plus(later) : later.toMillis();
    }

    /** Now, read on {@code c} so that it belongs to the caller's transaction. */
    Instant now(Connection c) throws SQLException {
        if (shared != null) {
            return shared.instant();
        }
        return Jdbc.query(c, "SELECT CURRENT_TIMESTAMP AS database_now", rs -> Jdbc.instant(rs, "database_now"))
                .get(0);
    }
}
