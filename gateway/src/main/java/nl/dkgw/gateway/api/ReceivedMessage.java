package nl.dkgw.gateway.api;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.StoredMessage;

/** A business message received from a peer, with its payloads, for the application. */
public record ReceivedMessage(StoredMessage message, List<Payload> payloads) {
}
