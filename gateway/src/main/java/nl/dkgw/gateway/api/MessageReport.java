package nl.dkgw.gateway.api;

import java.util.List;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.StoredMessage;

/** Everything about one message: its row and every delivery attempt. */
public record MessageReport(StoredMessage message, List<DeliveryAttempt> attempts, boolean hasReceipt) {
}
