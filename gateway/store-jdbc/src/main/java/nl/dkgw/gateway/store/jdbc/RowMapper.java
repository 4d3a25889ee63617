package nl.dkgw.gateway.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns the current row of a result set into one record, reading its columns by name. */
@FunctionalInterface
interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
}
