package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;

/** The CPAId names a CPA this gateway holds, and that CPA is in force now. */
public final class CpaCheck implements InboundCheck {
    private final CpaRegistry cpas;

    public CpaCheck(CpaRegistry cpas) {
        this.cpas = cpas;
    }

    @Override
    public void check(InboundContext c) throws EbmsException {
        String cpaId = c.message().header().cpaId();
        Cpa cpa = cpas.find(cpaId)
                .orElseThrow(() -> new EbmsException(
                        ErrorCode.ValueNotRecognized,
                        "//eb:MessageHeader/eb:CPAId",
                        "CPA '" + cpaId + "' is not known to the receiving gateway"));
        if (!cpa.isActive(c.now())) {
            throw new EbmsException(
                    ErrorCode.Inconsistent,
                    "//eb:MessageHeader/eb:CPAId",
                    "CPA '" + cpaId + "' is not in force (status " + cpa.status() + ", valid from " + cpa.start()
                            + " to " + cpa.end() + ")");
        }
        c.cpa(cpa);
    }
}
