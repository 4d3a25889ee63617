package nl.dkgw.gateway.msh.inbound;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.TemporaryFileContent;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** What the inbound checks look at: the message, who sent it over TLS, and what the CPA says (filled in as found). */
public final class InboundContext {
    private final EbmsMessage message;
    private final byte[] envelopeBytes;
    private final boolean signed;
    private Document envelope;
    private final X509Certificate peerCertificate;
    private final Instant now;
    private Cpa cpa;
    private DeliveryChannel channel;
    private VerifiedSignature signature;
    private List<Payload> payloads;

    /** A context for a message read from a DOM tree. */
    public InboundContext(EbmsMessage message, Document envelope, X509Certificate peerCertificate, Instant now) {
        this(
                message,
                null,
                envelope.getElementsByTagNameNS(Namespaces.DS, "Signature").getLength() > 0,
                peerCertificate,
                now);
        this.envelope = envelope;
    }

    /**
     * A context for a message read from the envelope's bytes (with StAX); the DOM tree XML-DSig needs is made only when
     * asked for.
     *
     * @param signed whether the envelope holds a ds:Signature element
     */
    public InboundContext(
            EbmsMessage message, byte[] envelope, boolean signed, X509Certificate peerCertificate, Instant now) {
        this.message = message;
        this.envelopeBytes = envelope;
        this.signed = signed;
        this.peerCertificate = peerCertificate;
        this.now = now;
    }

    public EbmsMessage message() {
        return message;
    }

    /** The envelope as a DOM tree, for XML-DSig: parsed on the first call when the message was read from bytes. */
    public Document envelope() throws EbmsException {
        if (envelope == null) {
            try {
                envelope = SafeXml.parse(envelopeBytes);
            } catch (SAXException e) {
                throw EnvelopeReader.unreadable(e);
            }
        }
        return envelope;
    }

    /** Whether the envelope holds a ds:Signature element (known without the DOM tree). */
    public boolean signed() {
        return signed;
    }

    /** The verified signature of a message on a signed channel; null otherwise. */
    public VerifiedSignature signature() {
        return signature;
    }

    void signature(VerifiedSignature signature) {
        this.signature = signature;
    }
    /** The payloads as the application gets them: decrypted on an encrypted channel. */
    public List<Payload> payloads() {
        return payloads != null ? payloads : message.payloads();
    }

    void payloads(List<Payload> decrypted) {
        this.payloads = decrypted;
    }

    /**
     * Deletes the temporary files of the decrypted payloads (large parts are decrypted into files): once the message
     * is stored, or refused. The parts as received are left to whoever made them.
     */
    public void releaseDecryptedPayloads() {
        if (payloads != null && payloads != message.payloads()) {
            TemporaryFileContent.release(payloads);
        }
    }

    public X509Certificate peerCertificate() {
        return peerCertificate;
    }

    public Instant now() {
        return now;
    }

    public Cpa cpa() {
        return cpa;
    }

    public DeliveryChannel channel() {
        return channel;
    }

    void cpa(Cpa cpa) {
        this.cpa = cpa;
    }

    void channel(DeliveryChannel channel) {
        this.channel = channel;
    }
}
