package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;

/** One rule an inbound message must pass; each check has one reason to fail. */
public interface InboundCheck {
    void check(InboundContext context) throws EbmsException;
}
