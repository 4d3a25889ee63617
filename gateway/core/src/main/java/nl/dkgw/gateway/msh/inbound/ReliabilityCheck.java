package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Namespaces;

/**
 * AckRequested and DuplicateElimination are present exactly when the CPA agrees them, and an acknowledgment is asked
 * of the To party's MSH (Digikoppeling has no intermediaries: nextMSH is not supported).
 */
public final class ReliabilityCheck implements InboundCheck {
    @Override
    public void check(InboundContext c) throws EbmsException {
        EbmsMessage.AckRequested ack = c.message().ackRequested();
        var channel = c.channel();
        if (ack != null && !Namespaces.ACTOR_TO_PARTY_MSH.equals(ack.actor())) {
            throw new EbmsException(
                    ErrorCode.NotSupported,
                    "//eb:AckRequested/@SOAP:actor",
                    "AckRequested for actor '" + ack.actor() + "' is not supported; Digikoppeling requires "
                            + Namespaces.ACTOR_TO_PARTY_MSH);
        }
        if (ack == null && channel.ackRequested()) {
            throw new EbmsException(
                    ErrorCode.Inconsistent,
                    "//eb:AckRequested",
                    "CPA " + channel.cpaId() + " requires AckRequested for " + channel.action() + " but it is missing");
        }
        if (ack != null && !channel.ackRequested()) {
            throw new EbmsException(
                    ErrorCode.Inconsistent,
                    "//eb:AckRequested",
                    "CPA " + channel.cpaId() + " does not agree acknowledgments for " + channel.action());
        }
        if (ack != null && ack.signed() && !channel.ackSignatureRequested()) {
            throw new EbmsException(
                    ErrorCode.Inconsistent,
                    "//eb:AckRequested/@eb:signed",
                    "a signed acknowledgment is asked but CPA " + channel.cpaId() + " does not agree one");
        }
        boolean dupElim = c.message().header().duplicateElimination();
        if (dupElim != channel.duplicateElimination()) {
            throw new EbmsException(
                    ErrorCode.Inconsistent,
                    "//eb:MessageHeader/eb:DuplicateElimination",
                    "DuplicateElimination is " + (dupElim ? "present" : "absent") + " but CPA " + channel.cpaId()
                            + (channel.duplicateElimination() ? " requires it" : " does not agree it"));
        }
    }
}
