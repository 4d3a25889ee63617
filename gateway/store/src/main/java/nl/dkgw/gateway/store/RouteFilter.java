package nl.dkgw.gateway.store;

/**
 * Which messages a route takes: those of one CPA, service and action; a null part matches every value. Applied by the
 * store itself, so a route for one action never reads the messages of another.
 */
public record RouteFilter(String cpaId, String service, String action) {

    public static final RouteFilter ALL = new RouteFilter(null, null, null);
}
