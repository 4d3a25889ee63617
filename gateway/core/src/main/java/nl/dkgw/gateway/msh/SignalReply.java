package nl.dkgw.gateway.msh;

import java.util.Optional;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;

/** An ebMS signal that came back in an HTTP response body, with the envelope it was read from. */
public record SignalReply(EbmsMessage message, byte[] envelope) {

    /** Reads a response body as an ebMS message; empty when there is none or it cannot be read. */
    public static Optional<SignalReply> read(SoapWithAttachments mime, String contentType, byte[] body) {
        if (body == null || body.length == 0 || contentType == null) {
            return Optional.empty();
        }
        try {
            MimeMessage parts = mime.unpack(contentType, body);
            EbmsMessage message = new EnvelopeReader().read(parts.envelope(), parts.payloads());
            return Optional.of(new SignalReply(message, parts.envelope()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
