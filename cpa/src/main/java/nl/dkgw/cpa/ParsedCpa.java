package nl.dkgw.cpa;

import static nl.dkgw.cpa.CpaResolutionException.Reason.AMBIGUOUS;
import static nl.dkgw.cpa.CpaResolutionException.Reason.NOT_ALLOWED;
import static nl.dkgw.cpa.CpaResolutionException.Reason.UNKNOWN_ACTION;
import static nl.dkgw.cpa.CpaResolutionException.Reason.UNKNOWN_PARTY;
import static nl.dkgw.cpa.CpaResolutionException.Reason.UNKNOWN_SERVICE;

import jakarta.xml.bind.JAXBElement;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import nl.dkgw.xsd.cppa.ActionBindingType;
import nl.dkgw.xsd.cppa.CanReceive;
import nl.dkgw.xsd.cppa.CanSend;
import nl.dkgw.xsd.cppa.Certificate;
import nl.dkgw.xsd.cppa.CertificateRefType;
import nl.dkgw.xsd.cppa.CollaborationProtocolAgreement;
import nl.dkgw.xsd.cppa.CollaborationRole;
import nl.dkgw.xsd.cppa.DocExchange;
import nl.dkgw.xsd.cppa.EbXMLReceiverBinding;
import nl.dkgw.xsd.cppa.EbXMLSenderBinding;
import nl.dkgw.xsd.cppa.EncryptionAlgorithm;
import nl.dkgw.xsd.cppa.Endpoint;
import nl.dkgw.xsd.cppa.MessageOrderSemanticsType;
import nl.dkgw.xsd.cppa.MessagingCharacteristics;
import nl.dkgw.xsd.cppa.PartyInfo;
import nl.dkgw.xsd.cppa.PerMessageCharacteristicsType;
import nl.dkgw.xsd.cppa.ReliableMessaging;
import nl.dkgw.xsd.cppa.SenderNonRepudiation;
import nl.dkgw.xsd.cppa.ServiceBinding;
import nl.dkgw.xsd.cppa.SignatureAlgorithm;
import nl.dkgw.xsd.cppa.Transport;
import nl.dkgw.xsd.cppa.TransportReceiver;

/** A {@link Cpa} backed by the JAXB model of the CPPA 2.0 document. Immutable after parsing. */
final class ParsedCpa implements Cpa {

    private final CollaborationProtocolAgreement model;
    private final String xml;
    private final Map<String, X509Certificate> certificates;
    private final Instant start;
    private final Instant end;
    private final Map<PartyInfo, List<X509Certificate>> partyCertificates = new IdentityHashMap<>();
    /**
     * The channels {@link #resolve} found. Only questions this CPA answers are kept, under its own parties, services
     * and actions, so no peer can make this grow beyond the CPA.
     */
    private final Map<ChannelQuestion, DeliveryChannel> resolved = new ConcurrentHashMap<>();

    ParsedCpa(CollaborationProtocolAgreement model, String xml, Map<String, X509Certificate> certificates) {
        this.model = model;
        this.xml = xml;
        this.certificates = Map.copyOf(certificates);
        this.start = model.getStart().toGregorianCalendar().toInstant();
        this.end = model.getEnd().toGregorianCalendar().toInstant();
        for (PartyInfo party : model.getPartyInfo()) {
            List<X509Certificate> all = new ArrayList<>();
            party.getCertificate().forEach(c -> all.addAll(CpaCertificates.allOf(c)));
            partyCertificates.put(party, List.copyOf(all));
        }
    }

    @Override
    public String cpaId() {
        return model.getCpaid();
    }

    @Override
    public String status() {
        return model.getStatus().getValue().value();
    }

    @Override
    public Instant start() {
        return start;
    }

    @Override
    public Instant end() {
        return end;
    }

    @Override
    public boolean isActive(Instant now) {
        String status = status();
        return ("agreed".equals(status) || "signed".equals(status)) && !now.isBefore(start) && now.isBefore(end);
    }

    @Override
    public List<PartyId> parties() {
        List<PartyId> result = new ArrayList<>();
        for (PartyInfo party : model.getPartyInfo()) {
            if (!party.getPartyId().isEmpty()) {
                result.add(toPartyId(party.getPartyId().get(0)));
            }
        }
        return List.copyOf(result);
    }

    @Override
    public Optional<String> roleOf(PartyId party) {
        return partyInfo(party)
                .flatMap(p -> p.getCollaborationRole().stream().findFirst())
                .map(role -> role.getRole() == null ? null : role.getRole().getName());
    }

    /**
     * The channel for a message from {@code from} to {@code to}, remembered: every message of a link asks the same
     * question (the JAXB model is walked, durations and the endpoint URI parsed again: 2 % of a node's CPU under
     * load), and the answer depends on nothing but this CPA, which never changes. The parties are looked up first and
     * the answer kept under the CPA's own PartyInfo, not under the ids as the message spells them (a CPA party without
     * a type matches any type a message names). A question the CPA refuses is not remembered.
     */
    @Override
    public DeliveryChannel resolve(PartyId from, PartyId to, String service, String action)
            throws CpaResolutionException {
        PartyInfo sender = requireParty(from);
        PartyInfo receiver = requireParty(to);
        ChannelQuestion question = new ChannelQuestion(sender, receiver, service, action);
        DeliveryChannel known = resolved.get(question);
        if (known != null) {
            return known;
        }
        DeliveryChannel channel = resolveFromModel(sender, receiver, from, to, service, action);
        resolved.put(question, channel);
        return channel;
    }

    /**
     * What {@link #resolve} is asked, as this CPA names it: its own PartyInfo objects (compared by identity, JAXB's
     * classes do not override equals) and a service and action the CPA matched exactly.
     */
    private record ChannelQuestion(PartyInfo from, PartyInfo to, String service, String action) {}

    private DeliveryChannel resolveFromModel(
            PartyInfo sender, PartyInfo receiver, PartyId from, PartyId to, String service, String action)
            throws CpaResolutionException {
        if (sender == receiver) {
            throw new CpaResolutionException(
                    NOT_ALLOWED, "CPA " + cpaId() + ": From " + from + " and To " + to + " are the same party");
        }
        Optional<Binding> sending = binding(sender, service);
        Optional<Binding> receiving = binding(receiver, service);
        if (sending.isEmpty() && receiving.isEmpty()) {
            throw new CpaResolutionException(UNKNOWN_SERVICE, "CPA " + cpaId() + " does not name service " + service);
        }
        if (sending.isEmpty()) {
            throw new CpaResolutionException(
                    NOT_ALLOWED, "CPA " + cpaId() + ": party " + from + " has no role in service " + service);
        }
        ActionBindingType sendBinding = canSend(sending.get().binding(), action)
                .orElseThrow(() -> new CpaResolutionException(
                        knowsAction(service, action) ? NOT_ALLOWED : UNKNOWN_ACTION,
                        knowsAction(service, action)
                                ? "CPA " + cpaId() + ": party " + from + " (role "
                                        + sending.get().role() + ") may not send action " + action + " of service "
                                        + service
                                : "CPA " + cpaId() + ": service " + service + " has no action " + action));
        if (receiving.isEmpty()) {
            throw new CpaResolutionException(
                    NOT_ALLOWED,
                    "CPA " + cpaId() + ": party " + to + " has no role in service " + service
                            + ", so it cannot receive action " + action);
        }
        ActionBindingType receiveBinding = canReceive(receiving.get().binding(), action)
                .orElseThrow(() -> new CpaResolutionException(
                        NOT_ALLOWED,
                        "CPA " + cpaId() + ": party " + to + " (role "
                                + receiving.get().role() + ") may not receive action " + action + " of service "
                                + service));

        nl.dkgw.xsd.cppa.DeliveryChannel senderChannel = channel(sendBinding, sender, service, action);
        nl.dkgw.xsd.cppa.DeliveryChannel receiverChannel = channel(receiveBinding, receiver, service, action);
        MessagingCharacteristics mc = Optional.ofNullable(senderChannel.getMessagingCharacteristics())
                .orElseGet(MessagingCharacteristics::new);
        EbXMLSenderBinding senderBinding = docExchange(senderChannel)
                .map(DocExchange::getEbXMLSenderBinding)
                .orElse(null);
        EbXMLReceiverBinding receiverBinding = docExchange(receiverChannel)
                .map(DocExchange::getEbXMLReceiverBinding)
                .orElse(null);
        ReliableMessaging rm = senderBinding == null ? null : senderBinding.getReliableMessaging();
        SenderNonRepudiation nonRepudiation = senderBinding == null ? null : senderBinding.getSenderNonRepudiation();
        boolean ackRequested = mc.getAckRequested() == PerMessageCharacteristicsType.ALWAYS;

        return new DeliveryChannel(
                cpaId(),
                toPartyId(sender.getPartyId().get(0)),
                sending.get().role(),
                toPartyId(receiver.getPartyId().get(0)),
                receiving.get().role(),
                service,
                sending.get().binding().getService().getType(),
                action,
                endpoint(receiverChannel, receiver),
                ackRequested,
                mc.getAckSignatureRequested() == PerMessageCharacteristicsType.ALWAYS,
                mc.getDuplicateElimination() == PerMessageCharacteristicsType.ALWAYS,
                SyncReplyMode.fromCppa(
                        mc.getSyncReplyMode() == null
                                ? null
                                : mc.getSyncReplyMode().value()),
                rm != null && rm.getMessageOrderSemantics() == MessageOrderSemanticsType.GUARANTEED,
                rm != null && rm.getRetries() != null ? rm.getRetries().intValue() : 0,
                rm != null ? duration(rm.getRetryInterval()) : Duration.ZERO,
                senderBinding != null ? duration(senderBinding.getPersistDuration()) : Duration.ZERO,
                Optional.ofNullable(nonRepudiation)
                        .map(SenderNonRepudiation::getHashFunction)
                        .map(String::trim),
                Optional.ofNullable(nonRepudiation)
                        .flatMap(n -> n.getSignatureAlgorithm().stream().findFirst())
                        .map(SignatureAlgorithm::getValue)
                        .map(String::trim),
                envelopeAlgorithm(senderBinding, false),
                Optional.ofNullable(nonRepudiation)
                        .map(SenderNonRepudiation::getSigningCertificateRef)
                        .flatMap(this::certificate),
                Optional.ofNullable(receiverBinding)
                        .map(EbXMLReceiverBinding::getReceiverDigitalEnvelope)
                        .map(e -> e.getEncryptionCertificateRef())
                        .flatMap(this::certificate),
                envelopeAlgorithm(senderBinding, true));
    }

    /**
     * The first SenderDigitalEnvelope/EncryptionAlgorithm that names a key transport ({@code keyTransport}) or a data
     * encryption algorithm (otherwise), whatever order the CPA lists them in.
     */
    private static Optional<String> envelopeAlgorithm(EbXMLSenderBinding senderBinding, boolean keyTransport) {
        return Optional.ofNullable(senderBinding)
                .map(EbXMLSenderBinding::getSenderDigitalEnvelope)
                .flatMap(e -> e.getEncryptionAlgorithm().stream()
                        .map(EncryptionAlgorithm::getValue)
                        .filter(Objects::nonNull)
                        .map(String::trim)
                        .filter(uri -> DigitalEnvelope.isKeyTransport(uri) == keyTransport)
                        .findFirst());
    }

    @Override
    public DeliveryChannel resolveOutbound(String service, String action, Optional<PartyId> from)
            throws CpaResolutionException {
        if (from.isPresent()) {
            PartyInfo sender = requireParty(from.get());
            return resolve(from.get(), otherParty(sender), service, action);
        }
        List<PartyInfo> senders = new ArrayList<>();
        for (PartyInfo party : model.getPartyInfo()) {
            Optional<Binding> binding = binding(party, service);
            if (binding.isPresent() && canSend(binding.get().binding(), action).isPresent()) {
                senders.add(party);
            }
        }
        if (senders.size() > 1) {
            throw new CpaResolutionException(
                    AMBIGUOUS,
                    "CPA " + cpaId() + ": both parties can send action " + action + " of service " + service
                            + "; name the sending party");
        }
        if (senders.isEmpty()) {
            boolean serviceKnown = model.getPartyInfo().stream()
                    .anyMatch(p -> binding(p, service).isPresent());
            if (!serviceKnown) {
                throw new CpaResolutionException(
                        UNKNOWN_SERVICE, "CPA " + cpaId() + " does not name service " + service);
            }
            throw new CpaResolutionException(
                    knowsAction(service, action) ? NOT_ALLOWED : UNKNOWN_ACTION,
                    "CPA " + cpaId() + ": no party can send action " + action + " of service " + service);
        }
        PartyInfo sender = senders.get(0);
        return resolve(toPartyId(sender.getPartyId().get(0)), otherParty(sender), service, action);
    }

    @Override
    public URI signalEndpointOf(PartyId party) throws CpaResolutionException {
        PartyInfo info = requireParty(party);
        if (!(info.getDefaultMshChannelId() instanceof nl.dkgw.xsd.cppa.DeliveryChannel channel)) {
            throw new CpaResolutionException(
                    NOT_ALLOWED,
                    "CPA " + cpaId() + ": party " + party
                            + " has no default MSH delivery channel (defaultMshChannelId does not name a DeliveryChannel)");
        }
        return endpoint(channel, info);
    }

    @Override
    public SyncReplyMode signalSyncReplyModeOf(PartyId party) {
        return partyInfo(party)
                .map(PartyInfo::getDefaultMshChannelId)
                .filter(nl.dkgw.xsd.cppa.DeliveryChannel.class::isInstance)
                .map(nl.dkgw.xsd.cppa.DeliveryChannel.class::cast)
                .map(nl.dkgw.xsd.cppa.DeliveryChannel::getMessagingCharacteristics)
                .map(MessagingCharacteristics::getSyncReplyMode)
                .map(mode -> SyncReplyMode.fromCppa(mode.value()))
                .orElse(SyncReplyMode.NONE);
    }

    @Override
    public Optional<X509Certificate> clientCertificateOf(PartyId party) {
        return partyInfo(party)
                .flatMap(info -> info.getTransport().stream()
                        .map(Transport::getTransportSender)
                        .filter(Objects::nonNull)
                        .map(sender -> sender.getTransportClientSecurity())
                        .filter(Objects::nonNull)
                        .map(security -> security.getClientCertificateRef())
                        .map(this::certificate)
                        .flatMap(Optional::stream)
                        .findFirst());
    }

    @Override
    public Optional<X509Certificate> signingCertificateOf(PartyId party) {
        Optional<PartyInfo> info = partyInfo(party);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        List<nl.dkgw.xsd.cppa.DeliveryChannel> channels = new ArrayList<>();
        if (info.get().getDefaultMshChannelId() instanceof nl.dkgw.xsd.cppa.DeliveryChannel defaultChannel) {
            channels.add(defaultChannel);
        }
        channels.addAll(info.get().getDeliveryChannel());
        return channels.stream()
                .map(ParsedCpa::docExchange)
                .flatMap(Optional::stream)
                .map(DocExchange::getEbXMLSenderBinding)
                .filter(Objects::nonNull)
                .map(EbXMLSenderBinding::getSenderNonRepudiation)
                .filter(Objects::nonNull)
                .map(SenderNonRepudiation::getSigningCertificateRef)
                .map(this::certificate)
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public List<X509Certificate> certificatesOf(PartyId party) {
        return partyInfo(party).map(partyCertificates::get).orElse(List.of());
    }

    @Override
    public String xml() {
        return xml;
    }

    @Override
    public String toString() {
        return "CPA " + cpaId() + " " + parties();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Binding(String role, ServiceBinding binding) {}

    private Optional<PartyInfo> partyInfo(PartyId party) {
        if (party == null) return Optional.empty();
        for (PartyInfo info : model.getPartyInfo()) {
            for (nl.dkgw.xsd.cppa.PartyId id : info.getPartyId()) {
                if (matches(id, party)) return Optional.of(info);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(nl.dkgw.xsd.cppa.PartyId id, PartyId party) {
        if (id.getValue() == null || !id.getValue().trim().equals(party.value())) return false;
        return id.getType() == null
                || party.type() == null
                || id.getType().trim().equals(party.type());
    }

    private PartyInfo requireParty(PartyId party) throws CpaResolutionException {
        return partyInfo(party)
                .orElseThrow(() -> new CpaResolutionException(
                        UNKNOWN_PARTY, "CPA " + cpaId() + " has no party " + party + " (parties: " + parties() + ")"));
    }

    private PartyId otherParty(PartyInfo party) throws CpaResolutionException {
        for (PartyInfo other : model.getPartyInfo()) {
            if (other != party && !other.getPartyId().isEmpty())
                return toPartyId(other.getPartyId().get(0));
        }
        throw new CpaResolutionException(
                UNKNOWN_PARTY,
                "CPA " + cpaId() + " has no counterparty for "
                        + toPartyId(party.getPartyId().get(0)));
    }

    private static PartyId toPartyId(nl.dkgw.xsd.cppa.PartyId id) {
        String type = id.getType() == null ? null : id.getType().trim();
        return new PartyId(type, id.getValue().trim());
    }

    private static Optional<Binding> binding(PartyInfo party, String service) {
        for (CollaborationRole role : party.getCollaborationRole()) {
            ServiceBinding binding = role.getServiceBinding();
            if (binding != null
                    && binding.getService() != null
                    && binding.getService().getValue() != null
                    && binding.getService().getValue().trim().equals(service)) {
                return Optional.of(new Binding(
                        role.getRole() == null ? null : role.getRole().getName(), binding));
            }
        }
        return Optional.empty();
    }

    private static Optional<ActionBindingType> canSend(ServiceBinding binding, String action) {
        return find(binding.getCanSend(), CanSend::getThisPartyActionBinding, action);
    }

    private static Optional<ActionBindingType> canReceive(ServiceBinding binding, String action) {
        return find(binding.getCanReceive(), CanReceive::getThisPartyActionBinding, action);
    }

    private static <T> Optional<ActionBindingType> find(
            List<T> list, Function<T, ActionBindingType> get, String action) {
        return list.stream()
                .map(get)
                .filter(Objects::nonNull)
                .filter(b -> b.getAction() != null && b.getAction().trim().equals(action))
                .findFirst();
    }

    private boolean knowsAction(String service, String action) {
        for (PartyInfo party : model.getPartyInfo()) {
            Optional<Binding> binding = binding(party, service);
            if (binding.isPresent()
                    && (canSend(binding.get().binding(), action).isPresent()
                            || canReceive(binding.get().binding(), action).isPresent())) {
                return true;
            }
        }
        return false;
    }

    private nl.dkgw.xsd.cppa.DeliveryChannel channel(
            ActionBindingType binding, PartyInfo party, String service, String action) throws CpaResolutionException {
        for (JAXBElement<Object> ref : binding.getChannelId()) {
            if (ref.getValue() instanceof nl.dkgw.xsd.cppa.DeliveryChannel channel) return channel;
        }
        throw new CpaResolutionException(
                NOT_ALLOWED,
                "CPA " + cpaId() + ": the binding of action " + action + " of service " + service + " for party "
                        + party.getPartyName() + " names no DeliveryChannel");
    }

    private static Optional<DocExchange> docExchange(nl.dkgw.xsd.cppa.DeliveryChannel channel) {
        return channel.getDocExchangeId() instanceof DocExchange d ? Optional.of(d) : Optional.empty();
    }

    private URI endpoint(nl.dkgw.xsd.cppa.DeliveryChannel channel, PartyInfo party) throws CpaResolutionException {
        if (channel.getTransportId() instanceof Transport transport && transport.getTransportReceiver() != null) {
            TransportReceiver receiver = transport.getTransportReceiver();
            Optional<Endpoint> endpoint = receiver.getEndpoint().stream()
                    .filter(e -> e.getType() == null
                            || "allPurpose".equals(e.getType().value())
                            || "request".equals(e.getType().value()))
                    .findFirst()
                    .or(() -> receiver.getEndpoint().stream().findFirst());
            if (endpoint.isPresent() && endpoint.get().getUri() != null) {
                try {
                    return new URI(endpoint.get().getUri().trim());
                } catch (URISyntaxException e) {
                    throw new CpaResolutionException(
                            NOT_ALLOWED,
                            "CPA " + cpaId() + ": endpoint of party " + party.getPartyName() + " is not a URI: "
                                    + endpoint.get().getUri());
                }
            }
        }
        throw new CpaResolutionException(
                NOT_ALLOWED,
                "CPA " + cpaId() + ": delivery channel " + channel.getChannelId() + " of party " + party.getPartyName()
                        + " has no Transport/TransportReceiver/Endpoint");
    }

    private Optional<X509Certificate> certificate(CertificateRefType ref) {
        if (ref == null || !(ref.getCertId() instanceof Certificate certificate)) return Optional.empty();
        return Optional.ofNullable(certificates.get(certificate.getCertId()));
    }

    private Duration duration(javax.xml.datatype.Duration value) {
        return value == null ? Duration.ZERO : Duration.ofMillis(value.getTimeInMillis(Date.from(start)));
    }
}
