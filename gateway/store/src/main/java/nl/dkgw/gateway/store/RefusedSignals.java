package nl.dkgw.gateway.store;

import java.util.List;

/** The signals this node refused, each kept with the outbound message it concerned. */
public interface RefusedSignals {

    /** Keeps a refusal; texts longer than the store keeps are cut to fit, never refused. */
    void record(long messagePk, RefusedSignal refusal);

    /** The refusals about one message, oldest first. */
    List<RefusedSignal> about(long messagePk);
}
