package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;

/** eb:SyncReply is present exactly when the CPA's syncReplyMode is mshSignalsOnly. */
public final class SyncReplyCheck implements InboundCheck {
    @Override
    public void check(InboundContext c) throws EbmsException {
        boolean expected = c.channel().syncReplyMode() == SyncReplyMode.MSH_SIGNALS_ONLY;
        if (c.message().syncReply() != expected) {
            throw new EbmsException(
                    ErrorCode.Inconsistent,
                    "//eb:SyncReply",
                    "SyncReply is " + (c.message().syncReply() ? "present" : "absent") + " but CPA "
                            + c.channel().cpaId() + " has syncReplyMode "
                            + c.channel().syncReplyMode().cppaValue());
        }
    }
}
