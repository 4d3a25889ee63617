package nl.dkgw.gateway.store;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/**
 * What posting an outbound message needs, read in one go ({@link Messages#toPost}): its row, and while it is still
 * PENDING its envelope and payloads as stored; once it ended, only the row (envelope null, no payloads).
 */
public record MessageToPost(StoredMessage message, byte[] envelope, List<Payload> payloads) {

    public MessageToPost {
        payloads = List.copyOf(payloads);
    }
}
