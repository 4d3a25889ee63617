package nl.dkgw.gateway;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * {@link Gateway#fetch}'s answer in the store's own types, for the module's tests; callers outside the MSH use
 * {@link nl.dkgw.gateway.api.ReceivedMessage} through {@link Gateway#inbound()}.
 */
public record StoredReceived(StoredMessage message, List<Payload> payloads) {}
