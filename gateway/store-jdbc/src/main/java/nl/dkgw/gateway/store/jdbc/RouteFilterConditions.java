package nl.dkgw.gateway.store.jdbc;

import java.util.List;
import nl.dkgw.gateway.store.RouteFilter;

/** A {@link RouteFilter} as SQL conditions on {@code ebms_message}: a route for one action never reads another's rows. */
final class RouteFilterConditions {

    private RouteFilterConditions() {}

    /** Appends the conditions ({@code AND ...}) and their arguments; a null part of the filter adds none. */
    static void append(RouteFilter filter, StringBuilder sql, List<Object> args) {
        if (filter.cpaId() != null) {
            sql.append(" AND cpa_id = ?");
            args.add(filter.cpaId());
        }
        if (filter.service() != null) {
            sql.append(" AND service = ?");
            args.add(filter.service());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            args.add(filter.action());
        }
    }
}
