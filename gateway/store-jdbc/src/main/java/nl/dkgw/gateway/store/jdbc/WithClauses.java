package nl.dkgw.gateway.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Statements that go together, written as the data-modifying WITH clauses of the one that comes last, so PostgreSQL
 * runs them as one statement: one round trip instead of one each (H2 has no data-modifying WITH). Every clause runs
 * whatever the last statement reads; the row count or rows are the last statement's. A clause can read the rows an
 * earlier one returned ({@code (SELECT id FROM name)}).
 */
final class WithClauses {

    private final List<String> clauses = new ArrayList<>();
    private final List<Object> arguments = new ArrayList<>();

    /** Adds {@code statement} as the clause {@code name}. */
    WithClauses add(String name, SqlStatement statement) {
        return add(name, statement, "");
    }

    /** Adds {@code statement} as the clause {@code name}, giving its rows' {@code column} to the clauses after it. */
    WithClauses addReturning(String name, SqlStatement statement, String column) {
        return add(name, statement, " RETURNING " + column);
    }

    private WithClauses add(String name, SqlStatement statement, String returning) {
        clauses.add(name + " AS (" + statement.sql() + returning + ")");
        arguments.addAll(statement.arguments());
        return this;
    }

    /** One statement: the clauses, then {@code last}. */
    SqlStatement then(SqlStatement last) {
        List<Object> all = new ArrayList<>(arguments);
        all.addAll(last.arguments());
        return new SqlStatement("WITH " + String.join(", ", clauses) + " " + last.sql(), all);
    }
}
