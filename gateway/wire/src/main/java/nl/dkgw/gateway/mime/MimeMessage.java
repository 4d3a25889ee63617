package nl.dkgw.gateway.mime;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/** A SOAP-with-attachments message taken apart: the SOAP envelope and the payload parts, in MIME order. */
public record MimeMessage(byte[] envelope, List<Payload> payloads) {
    public MimeMessage {
        payloads = List.copyOf(payloads);
    }
}
