package nl.dkgw.gateway.msh.inbound;

import java.util.Optional;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.RememberedOins;

/**
 * Digikoppeling authorises on the OIN in the TLS client certificate: it must be the OIN of the From party of the
 * CPA. A message whose From party is not in the CPA at all is left to the channel check.
 */
public final class ClientCertificateCheck implements InboundCheck {

    /** The OIN of each peer certificate, read once: the same certificate comes with every message of a link. */
    private final RememberedOins oins = new RememberedOins();

    @Override
    public void check(InboundContext c) throws EbmsException {
        PartyId claimed = c.message().header().from();
        // Match the way the CPA resolves parties: same value, and the same type unless one side leaves it out.
        Optional<PartyId> inCpa = c.cpa().parties().stream()
                .filter(p -> p.value().equals(claimed.value())
                        && (p.type() == null
                                || claimed.type() == null
                                || p.type().equals(claimed.type())))
                .findFirst();
        if (inCpa.isEmpty()) {
            return;
        }
        PartyId from = inCpa.get();
        if (c.peerCertificate() == null) {
            throw new EbmsException(ErrorCode.SecurityFailure, "TLS", "no TLS client certificate was presented");
        }
        Optional<Oin> oin = oins.of(c.peerCertificate());
        if (oin.isEmpty()) {
            String subject = c.peerCertificate().getSubjectX500Principal().getName();
            throw new EbmsException(
                    ErrorCode.SecurityFailure,
                    "TLS",
                    "the TLS client certificate (" + subject + ") has no OIN in its subject serialNumber");
        }
        String expected = from.oinWithoutEnvironmentSuffix();
        if (!oin.get().value().equals(expected)) {
            throw new EbmsException(
                    ErrorCode.SecurityFailure,
                    "//eb:MessageHeader/eb:From/eb:PartyId",
                    "the TLS client certificate belongs to OIN " + oin.get().value() + " but the message claims to come"
                            + " from " + from.value() + " in CPA " + c.cpa().cpaId());
        }
    }
}
