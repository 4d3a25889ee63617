package nl.dkgw.gateway.msh;

import java.net.URI;
import nl.dkgw.gateway.mime.PackedMessage;

/**
 * Posts a packed ebMS message to a peer's endpoint and says how that ended. {@link HttpSender} does it over mutual
 * TLS; delivery and signal requests depend only on this, so they can be exercised without a network.
 */
public interface PeerTransport {

    SendOutcome post(URI endpoint, PackedMessage message);
}
