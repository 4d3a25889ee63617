package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One SQL statement and its parameters, in order, decided together (a due time is either a parameter or computed by
 * the database, and the text and the parameters must agree). On PostgreSQL several of them can run as one statement
 * ({@link WithClauses}).
 */
record SqlStatement(String sql, List<Object> arguments) {

    SqlStatement {
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments)); // some parameters are null
    }

    SqlStatement(String sql, Object... arguments) {
        this(sql, Arrays.asList(arguments));
    }

    /** This statement with {@code value} for a parameter written before all of its own (a key as {@code ?}). */
    SqlStatement withFirst(Object value) {
        List<Object> all = new ArrayList<>();
        all.add(value);
        all.addAll(arguments);
        return new SqlStatement(sql, all);
    }

    /** Runs it on {@code c}: the row count. */
    int execute(Connection c) throws SQLException {
        return Jdbc.execute(c, sql, arguments.toArray());
    }

    /** Runs it as a query on {@code c}. */
    <T> List<T> query(Connection c, RowMapper<T> mapper) throws SQLException {
        return Jdbc.query(c, sql, mapper, arguments.toArray());
    }
}
