package nl.dkgw.gateway.store;

/** Whether the store can be used now: for the node's readiness, without reaching for the database itself. */
public interface StoreHealth {

    /** True when the store answers. */
    boolean isUsable();
}
