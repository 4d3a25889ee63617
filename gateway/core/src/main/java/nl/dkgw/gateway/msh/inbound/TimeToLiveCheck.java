package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;

/** A message whose TimeToLive has passed must not be delivered. */
public final class TimeToLiveCheck implements InboundCheck {
    @Override
    public void check(InboundContext c) throws EbmsException {
        var ttl = c.message().header().timeToLive();
        if (ttl != null && ttl.isBefore(c.now())) {
            throw new EbmsException(
                    ErrorCode.TimeToLiveExpired,
                    "//eb:MessageHeader/eb:MessageData/eb:TimeToLive",
                    "the message's TimeToLive " + ttl + " has passed (now " + c.now() + ")");
        }
    }
}
