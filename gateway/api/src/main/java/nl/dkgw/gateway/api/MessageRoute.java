package nl.dkgw.gateway.api;

/** Which messages a call is about: a CPA, service and action; null matches any. */
public record MessageRoute(String cpaId, String service, String action) {

    public static MessageRoute any() {
        return new MessageRoute(null, null, null);
    }

    public static MessageRoute cpa(String cpaId) {
        return new MessageRoute(cpaId, null, null);
    }
}
