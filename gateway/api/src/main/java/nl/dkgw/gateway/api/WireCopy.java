package nl.dkgw.gateway.api;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/**
 * A message as it was on the wire: the SOAP envelope as sent or received (signed, with encrypted payloads where the
 * channel encrypts) and the payload parts as stored.
 */
public record WireCopy(byte[] envelope, List<Payload> payloads) {

    public WireCopy {
        payloads = List.copyOf(payloads);
    }
}
