package nl.dkgw.gateway;

import nl.dkgw.gateway.store.MessageQueries;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.jdbc.StoreTransactions;

/**
 * What the module's tests look at behind a node's API: its store's repositories, to check what was stored and sent on
 * the wire. Main code has no such access; it uses {@link Gateway#messages()} and {@link Gateway#inbound()}.
 */
public final class NodeInternals {

    private NodeInternals() {}

    public static Store store(Gateway node) {
        return node.store();
    }

    public static StoreTransactions storeTransactions(Gateway node) {
        return node.storeTransactions();
    }

    public static MessageQueries queries(Gateway node) {
        return node.queries();
    }
}
