package nl.dkgw.gateway.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The plans a database makes for the store's statements, as text, for the tests that pin them. */
final class QueryPlans {

    private QueryPlans() {}

    /** The lines {@code explain} (an EXPLAIN statement without parameters) returns, joined by newlines. */
    static String of(Statement s, String explain) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * PostgreSQL: {@code sql} prepared on the server as {@code name} with parameter {@code types} (its {@code ?}
     * numbered in order), and the plan of executing it with {@code arguments}: the generic plan when the session has
     * {@code plan_cache_mode = force_generic_plan}, as a node's connections use after a few executions.
     */
    static String prepared(Statement s, String name, String types, String sql, String arguments) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(ch);
            }
        }
        s.execute("PREPARE " + name + "(" + types + ") AS " + numbered);
        return of(s, "EXPLAIN EXECUTE " + name + "(" + arguments + ")");
    }
}
