package nl.dkgw.gateway.msh.inbound;

import java.util.List;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.VerifiedSignature;
import org.w3c.dom.Document;

/**
 * What {@link SignatureCheck} needs from the node's trust: the verified signature of a message on a signed channel,
 * or a SecurityFailure saying which check failed. The MSH's {@code MessageSecurity} provides it.
 */
public interface SignatureVerification {

    VerifiedSignature verify(Document envelope, List<Payload> payloads, DeliveryChannel channel, Cpa cpa)
            throws EbmsException;
}
