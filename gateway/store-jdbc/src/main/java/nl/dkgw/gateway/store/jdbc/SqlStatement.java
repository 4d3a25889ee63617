package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One SQL statement and its parameters, in order, decided together (a due time is either a parameter or computed by
 * the database, and the text and the parameters must agree). On PostgreSQL several of them can run as the WITH
 * clauses of one statement ({@link OneStatementInsert}).
 */
record SqlStatement(String sql, List<Object> arguments) {

    SqlStatement {
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments)); // some parameters are null
    }

    /** Runs it on {@code c}: the row count. */
    int execute(Connection c) throws SQLException {
        return Jdbc.execute(c, sql, arguments.toArray());
    }
}
