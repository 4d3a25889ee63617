package nl.dkgw.cpa;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A {@link Cpa} whose resolved endpoints pass through a {@link UrlMapping}. */
final class MappedCpa implements Cpa {

    private final Cpa cpa;
    private final UrlMapping mapping;

    MappedCpa(Cpa cpa, UrlMapping mapping) {
        this.cpa = cpa;
        this.mapping = mapping;
    }

    @Override
    public String cpaId() {
        return cpa.cpaId();
    }

    @Override
    public String status() {
        return cpa.status();
    }

    @Override
    public Instant start() {
        return cpa.start();
    }

    @Override
    public Instant end() {
        return cpa.end();
    }

    @Override
    public boolean isActive(Instant now) {
        return cpa.isActive(now);
    }

    @Override
    public List<PartyId> parties() {
        return cpa.parties();
    }

    @Override
    public Optional<String> roleOf(PartyId party) {
        return cpa.roleOf(party);
    }

    @Override
    public Optional<X509Certificate> clientCertificateOf(PartyId party) {
        return cpa.clientCertificateOf(party);
    }

    @Override
    public Optional<X509Certificate> signingCertificateOf(PartyId party) {
        return cpa.signingCertificateOf(party);
    }

    @Override
    public List<X509Certificate> certificatesOf(PartyId party) {
        return cpa.certificatesOf(party);
    }

    @Override
    public String xml() {
        return cpa.xml();
    }

    @Override
    public SyncReplyMode signalSyncReplyModeOf(PartyId party) {
        return cpa.signalSyncReplyModeOf(party);
    }

    @Override
    public DeliveryChannel resolve(PartyId from, PartyId to, String service, String action)
            throws CpaResolutionException {
        return mapped(cpa.resolve(from, to, service, action));
    }

    @Override
    public DeliveryChannel resolveOutbound(String service, String action, Optional<PartyId> from)
            throws CpaResolutionException {
        return mapped(cpa.resolveOutbound(service, action, from));
    }

    @Override
    public URI signalEndpointOf(PartyId party) throws CpaResolutionException {
        return mapping.map(cpa.cpaId(), party, cpa.signalEndpointOf(party));
    }

    private DeliveryChannel mapped(DeliveryChannel c) {
        URI endpoint = mapping.map(c.cpaId(), c.toParty(), c.endpoint());
        if (endpoint.equals(c.endpoint())) return c;
        return new DeliveryChannel(
                c.cpaId(),
                c.fromParty(),
                c.fromRole(),
                c.toParty(),
                c.toRole(),
                c.service(),
                c.serviceType(),
                c.action(),
                endpoint,
                c.ackRequested(),
                c.ackSignatureRequested(),
                c.duplicateElimination(),
                c.syncReplyMode(),
                c.messageOrder(),
                c.retries(),
                c.retryInterval(),
                c.persistDuration(),
                c.hashFunction(),
                c.signatureAlgorithm(),
                c.encryptionAlgorithm(),
                c.signingCertificate(),
                c.encryptionCertificate(),
                c.keyTransport());
    }

    @Override
    public String toString() {
        return cpa + " via " + mapping;
    }
}
