package nl.dkgw.gateway.api;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/** A business message received from a peer, with its payloads (decrypted), for the application. */
public record ReceivedMessage(MessageSummary message, List<Payload> payloads) {

    public ReceivedMessage {
        payloads = List.copyOf(payloads);
    }
}
