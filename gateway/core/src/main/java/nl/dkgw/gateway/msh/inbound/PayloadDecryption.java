package nl.dkgw.gateway.msh.inbound;

import java.util.List;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.Payload;

/**
 * What {@link DecryptionCheck} needs from the node's keys: the payloads of a message on an encrypted channel in
 * plaintext, or a SecurityFailure. The MSH's {@code MessageSecurity} provides it; the check does not know that class.
 */
public interface PayloadDecryption {

    List<Payload> decrypt(List<Payload> payloads, DeliveryChannel channel) throws EbmsException;
}
