package nl.dkgw.gateway.msh.inbound;

import java.util.Objects;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.MessageHeader;

/** From and To parties, their roles, the service and the action are what the CPA agrees for this direction. */
public final class ChannelCheck implements InboundCheck {

    @Override
    public void check(InboundContext c) throws EbmsException {
        MessageHeader h = c.message().header();
        DeliveryChannel channel;
        try {
            channel = c.cpa().resolve(h.from(), h.to(), h.service(), h.action());
        } catch (CpaResolutionException e) {
            String location = e.reason() == CpaResolutionException.Reason.UNKNOWN_PARTY
                            && c.cpa().roleOf(h.from()).isPresent()
                    ? "//eb:MessageHeader/eb:To/eb:PartyId"
                    : location(e.reason());
            throw new EbmsException(ErrorCode.ValueNotRecognized, location, e.getMessage());
        }
        if (h.fromRole() != null && !h.fromRole().equals(channel.fromRole())) {
            throw new EbmsException(
                    ErrorCode.ValueNotRecognized,
                    "//eb:MessageHeader/eb:From/eb:Role",
                    "role '" + h.fromRole() + "' is not the role of " + h.from().value() + " in CPA " + channel.cpaId()
                            + " (expected '" + channel.fromRole() + "')");
        }
        if (h.toRole() != null && !h.toRole().equals(channel.toRole())) {
            throw new EbmsException(
                    ErrorCode.ValueNotRecognized,
                    "//eb:MessageHeader/eb:To/eb:Role",
                    "role '" + h.toRole() + "' is not the role of " + h.to().value() + " in CPA " + channel.cpaId()
                            + " (expected '" + channel.toRole() + "')");
        }
        if (channel.serviceType() != null && !Objects.equals(h.serviceType(), channel.serviceType())) {
            throw new EbmsException(
                    ErrorCode.ValueNotRecognized,
                    "//eb:MessageHeader/eb:Service/@eb:type",
                    "service type '" + h.serviceType() + "' does not match the CPA's '" + channel.serviceType() + "'");
        }
        c.channel(channel);
    }

    private static String location(CpaResolutionException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_PARTY -> "//eb:MessageHeader/eb:From/eb:PartyId";
            case ROLE_MISMATCH -> "//eb:MessageHeader/eb:From/eb:Role";
            case UNKNOWN_SERVICE -> "//eb:MessageHeader/eb:Service";
            case UNKNOWN_ACTION, NOT_ALLOWED -> "//eb:MessageHeader/eb:Action";
            default -> "//eb:MessageHeader";
        };
    }
}
