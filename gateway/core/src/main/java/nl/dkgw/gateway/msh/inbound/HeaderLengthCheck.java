package nl.dkgw.gateway.msh.inbound;

import java.util.List;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.store.HeaderValueLimits;

/**
 * No header value (nor payload Content-ID or Content-Type) is longer than the message store keeps. Checked first,
 * before the CPA is even looked up, so an over-long value is answered with an ebMS error naming the element and the
 * limit, instead of failing the store insert at the end; and checked again after decryption, whose parts carry their
 * own content types.
 */
public final class HeaderLengthCheck implements InboundCheck {
    @Override
    public void check(InboundContext c) throws EbmsException {
        List<HeaderValueLimits.Overrun> overruns =
                HeaderValueLimits.overruns(c.message().header(), c.payloads());
        if (!overruns.isEmpty()) {
            HeaderValueLimits.Overrun first = overruns.get(0);
            throw new EbmsException(ErrorCode.Inconsistent, first.location(), first.describe());
        }
    }
}
