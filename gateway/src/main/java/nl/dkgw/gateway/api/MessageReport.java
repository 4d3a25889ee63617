package nl.dkgw.gateway.api;

import java.util.List;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * Everything about one message: its row, every delivery attempt, and the signals about it that this node refused
 * (why a message the peer received may still not count as acknowledged).
 */
public record MessageReport(StoredMessage message, List<DeliveryAttempt> attempts, boolean hasReceipt,
                            List<RefusedSignal> refusedSignals) {
}
