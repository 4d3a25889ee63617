package nl.dkgw.gateway.store;

import java.util.List;

/**
 * Which messages a route takes: those of one CPA, service and action; a null part matches every value. Applied in the
 * database, so a route for one action never reads the rows of another.
 */
public record RouteFilter(String cpaId, String service, String action) {

    public static final RouteFilter ALL = new RouteFilter(null, null, null);

    /** Appends the SQL conditions ({@code AND ...}) and their arguments. */
    void appendTo(StringBuilder sql, List<Object> args) {
        if (cpaId != null) {
            sql.append(" AND cpa_id = ?");
            args.add(cpaId);
        }
        if (service != null) {
            sql.append(" AND service = ?");
            args.add(service);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
    }
}
