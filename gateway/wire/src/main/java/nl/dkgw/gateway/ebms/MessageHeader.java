package nl.dkgw.gateway.ebms;

import java.time.Instant;
import nl.dkgw.cpa.PartyId;

/** The fields of eb:MessageHeader the gateway reads and writes. Optional fields are null when absent. */
public record MessageHeader(
        String cpaId,
        String conversationId,
        PartyId from,
        String fromRole,
        PartyId to,
        String toRole,
        String service,
        String serviceType,
        String action,
        String messageId,
        Instant timestamp,
        String refToMessageId,
        Instant timeToLive,
        boolean duplicateElimination) {

    public boolean isMshSignal() {
        return Namespaces.MSH_SERVICE.equals(service);
    }
}
