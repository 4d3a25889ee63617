package nl.dkgw.gateway.msh.inbound;

import java.security.cert.X509Certificate;
import java.time.Instant;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.gateway.ebms.EbmsMessage;

/** What the inbound checks look at: the message, who sent it over TLS, and what the CPA says (filled in as found). */
public final class InboundContext {
    private final EbmsMessage message;
    private final X509Certificate peerCertificate;
    private final Instant now;
    private Cpa cpa;
    private DeliveryChannel channel;

    public InboundContext(EbmsMessage message, X509Certificate peerCertificate, Instant now) {
        this.message = message;
        this.peerCertificate = peerCertificate;
        this.now = now;
    }

    public EbmsMessage message() { return message; }
    public X509Certificate peerCertificate() { return peerCertificate; }
    public Instant now() { return now; }
    public Cpa cpa() { return cpa; }
    public DeliveryChannel channel() { return channel; }
    void cpa(Cpa cpa) { this.cpa = cpa; }
    void channel(DeliveryChannel channel) { this.channel = channel; }
}
