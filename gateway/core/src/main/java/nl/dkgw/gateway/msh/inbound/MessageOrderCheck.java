package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;

/** MessageOrder is allowed only by bilateral agreement; this gateway does not yet offer it. */
public final class MessageOrderCheck implements InboundCheck {
    @Override
    public void check(InboundContext c) throws EbmsException {
        if (c.message().sequenceNumber() == null) {
            return;
        }
        if (!c.channel().messageOrder()) {
            throw new EbmsException(
                    ErrorCode.NotSupported,
                    "//eb:MessageOrder",
                    "MessageOrder is used but CPA " + c.channel().cpaId() + " does not agree guaranteed ordering");
        }
        throw new EbmsException(
                ErrorCode.NotSupported,
                "//eb:MessageOrder",
                "guaranteed message order is not supported by this gateway (Digikoppeling discourages it)");
    }
}
