package nl.dkgw.gateway;

import java.util.List;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * {@link Gateway#report}'s answer in the store's own types, which the module's tests compare against; callers
 * outside the MSH use {@link nl.dkgw.gateway.api.MessageReport} through {@link Gateway#messages()}.
 */
public record StoredReport(
        StoredMessage message,
        List<DeliveryAttempt> attempts,
        boolean hasReceipt,
        List<RefusedSignal> refusedSignals) {}
