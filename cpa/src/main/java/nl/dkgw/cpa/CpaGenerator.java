package nl.dkgw.cpa;

import java.io.StringWriter;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds a Digikoppeling CPA (CPPA 2.0) from a provider's {@link ServiceSpec} and a consumer's {@link PartySpec}:
 * one CPA per pair of parties and service, one role per party, one profile for every action.
 *
 * <p>CPAId follows {@code [ServiceID]_[PartyId-A]_[PartyId-B]_[version]} with dots replaced by underscores, A being
 * the provider. Start defaults to now, End to the earliest expiry of the certificates the CPA names.
 *
 * <p>The output also loads into the adapters deployed in the field, whose CPA readers need two optional attributes:
 * {@code isIntelligibleCheckRequired} on every BusinessTransactionCharacteristics, and the toPartyMSH {@code actor}
 * on each party's default (signal) channel as well as on its business channel. Encrypted profiles name
 * {@link DigitalEnvelope#STANDARD} unless another {@link DigitalEnvelope} is asked for.
 */
public final class CpaGenerator {

    public static final String OIN_TYPE = PartyId.OIN_TYPE;
    static final String ACTOR_TO_PARTY_MSH = "urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH";
    static final String XMLDSIG = "http://www.w3.org/2000/09/xmldsig#";
    static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private static final String PACKAGE_ID = "package_ebms";

    private CpaGenerator() {}

    /** A CPA, version 1, valid from now until the first of the named certificates expires. */
    public static String generate(ServiceSpec service, PartySpec consumer) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return generate(service, consumer, start, defaultEnd(service, consumer), "1");
    }

    /** As {@link #generate(ServiceSpec, PartySpec)}, with the given encryption on the encrypted profiles. */
    public static String generate(ServiceSpec service, PartySpec consumer, DigitalEnvelope envelope) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return generate(service, consumer, start, defaultEnd(service, consumer), "1", envelope);
    }

    public static String generate(ServiceSpec service, PartySpec consumer, Instant start, Instant end, String version) {
        return generate(service, consumer, start, end, version, DigitalEnvelope.STANDARD);
    }

    /**
     * A CPA with explicit Start, End and version; {@code envelope} is what the Sender- and ReceiverDigitalEnvelope
     * name on the encrypted profiles (ignored on the others).
     */
    public static String generate(
            ServiceSpec service,
            PartySpec consumer,
            Instant start,
            Instant end,
            String version,
            DigitalEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("CPA End " + end + " must be after Start " + start);
        }
        if (version == null || version.isBlank() || version.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("version must be non-empty without whitespace: '" + version + "'");
        }
        if (service.provider().oin().equals(consumer.oin())) {
            throw new IllegalArgumentException("provider and consumer have the same OIN " + consumer.oin());
        }
        return new Writer(service, consumer, envelope).write(cpaId(service, consumer, version), start, end);
    }

    /** {@code [ServiceID]_[PartyId-A]_[PartyId-B]_[version]} without dots. */
    public static String cpaId(ServiceSpec service, PartySpec consumer, String version) {
        return (service.serviceName() + "_" + service.provider().oin() + "_" + consumer.oin() + "_" + version)
                .replace('.', '_');
    }

    /** The default End: the earliest expiry of the certificates the CPA will name. */
    public static Instant defaultEnd(ServiceSpec service, PartySpec consumer) {
        return Stream.concat(
                        certificates(service.provider(), service.profile()), certificates(consumer, service.profile()))
                .map(c -> c.getNotAfter().toInstant())
                .min(Instant::compareTo)
                .orElseThrow();
    }

    private static Stream<X509Certificate> certificates(PartySpec party, Profile profile) {
        Stream.Builder<X509Certificate> b = Stream.builder();
        b.add(party.clientCertificate()).add(party.serverCertificate());
        if (profile.signed()) b.add(party.effectiveSigningCertificate());
        if (profile.encrypted()) b.add(party.effectiveEncryptionCertificate());
        return b.build();
    }

    /** Writes one CPA document. */
    private static final class Writer {
        private final ServiceSpec service;
        private final PartySpec consumer;
        private final Profile profile;
        private final DigitalEnvelope envelope;
        private final Document doc;

        Writer(ServiceSpec service, PartySpec consumer, DigitalEnvelope envelope) {
            this.service = service;
            this.consumer = consumer;
            this.profile = service.profile();
            this.envelope = envelope;
            this.doc = CpaXml.builder().newDocument();
        }

        String write(String cpaId, Instant start, Instant end) {
            Element root = doc.createElementNS(CpaXml.NS, "tns:CollaborationProtocolAgreement");
            doc.appendChild(root);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:tns", CpaXml.NS);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ds", CpaXml.DS);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xlink", CpaXml.XLINK);
            attr(root, "cpaid", cpaId);
            attr(root, "version", "2_0b");
            attr(el(root, "Status"), "value", "agreed");
            text(root, "Start", start.toString());
            text(root, "End", end.toString());
            party(root, "provider", service.provider(), service.providerRole(), true);
            party(root, "consumer", consumer, service.consumerRole(), false);
            packaging(root);
            return serialize();
        }

        private void party(Element root, String prefix, PartySpec party, String role, boolean provider) {
            Element info = el(root, "PartyInfo");
            attr(info, "partyName", party.name());
            attr(info, "defaultMshChannelId", prefix + "_defaultChannel");
            attr(info, "defaultMshPackageId", PACKAGE_ID);
            attr(text(info, "PartyId", party.oin()), "type", OIN_TYPE);
            xlink(el(info, "PartyRef"), "http://www.logius.nl/digikoppeling");

            Element collaborationRole = el(info, "CollaborationRole");
            Element spec = el(collaborationRole, "ProcessSpecification");
            attr(spec, "name", service.serviceName());
            attr(spec, "version", "1.0");
            xlink(spec, "http://www.logius.nl/digikoppeling/" + service.serviceName());
            Element roleElement = el(collaborationRole, "Role");
            attr(roleElement, "name", role);
            xlink(roleElement, "http://www.logius.nl/digikoppeling/" + service.serviceName() + "#" + role);
            Element binding = el(collaborationRole, "ServiceBinding");
            attr(text(binding, "Service", service.serviceName()), "type", ServiceSpec.SERVICE_TYPE);
            int n = 0;
            for (ActionSpec action : service.actions()) {
                boolean sends = provider
                        ? action.direction().providerSends()
                        : action.direction().consumerSends();
                if (sends) actionBinding(el(binding, "CanSend"), prefix + "_send_" + (++n), action.name(), prefix);
            }
            for (ActionSpec action : service.actions()) {
                boolean receives = provider
                        ? action.direction().consumerSends()
                        : action.direction().providerSends();
                if (receives)
                    actionBinding(el(binding, "CanReceive"), prefix + "_receive_" + (++n), action.name(), prefix);
            }

            certificate(info, prefix + "_clientCert", party.clientCertificate());
            certificate(info, prefix + "_serverCert", party.serverCertificate());
            if (profile.signed()) certificate(info, prefix + "_signingCert", party.effectiveSigningCertificate());
            if (profile.encrypted())
                certificate(info, prefix + "_encryptionCert", party.effectiveEncryptionCertificate());

            deliveryChannel(info, prefix + "_channel", prefix, prefix + "_docExchange", profile.reliable());
            deliveryChannel(info, prefix + "_defaultChannel", prefix, prefix + "_signalDocExchange", false);
            transport(info, prefix, party);
            docExchange(info, prefix, prefix + "_docExchange", true);
            docExchange(info, prefix, prefix + "_signalDocExchange", false);
        }

        private void actionBinding(Element can, String id, String action, String prefix) {
            Element binding = el(can, "ThisPartyActionBinding");
            attr(binding, "id", id);
            attr(binding, "action", action);
            attr(binding, "packageId", PACKAGE_ID);
            Element btc = el(binding, "BusinessTransactionCharacteristics");
            attr(btc, "isNonRepudiationRequired", Boolean.toString(profile.signed()));
            attr(btc, "isNonRepudiationReceiptRequired", Boolean.toString(profile.signed() && profile.reliable()));
            attr(btc, "isConfidential", profile.encrypted() ? "persistent" : "transient");
            attr(btc, "isAuthenticated", profile.signed() ? "persistent" : "transient");
            attr(btc, "isTamperProof", profile.signed() ? "persistent" : "transient");
            attr(btc, "isAuthorizationRequired", "true");
            // optional in CPPA 2.0, but a widely deployed adapter fails to load a CPA without it
            attr(btc, "isIntelligibleCheckRequired", "false");
            text(binding, "ChannelId", prefix + "_channel");
        }

        private void certificate(Element info, String id, X509Certificate certificate) {
            Element cert = el(info, "Certificate");
            attr(cert, "certId", id);
            Element keyInfo = ds(cert, "KeyInfo");
            Element data = ds(keyInfo, "X509Data");
            ds(data, "X509Certificate").setTextContent(base64(certificate));
        }

        private void deliveryChannel(Element info, String id, String prefix, String docExchangeId, boolean business) {
            Element channel = el(info, "DeliveryChannel");
            attr(channel, "channelId", id);
            attr(channel, "transportId", prefix + "_transport");
            attr(channel, "docExchangeId", docExchangeId);
            Element mc = el(channel, "MessagingCharacteristics");
            attr(mc, "syncReplyMode", service.syncReplyMode().cppaValue());
            attr(mc, "ackRequested", business ? "always" : "never");
            attr(mc, "ackSignatureRequested", business && profile.signed() ? "always" : "never");
            attr(mc, "duplicateElimination", business ? "always" : "never");
            // also on the default (signal) channel: a widely deployed adapter checks an Acknowledgment's actor
            // against its sender's default channel and refuses it when the channel names none
            attr(mc, "actor", ACTOR_TO_PARTY_MSH);
        }

        private void transport(Element info, String prefix, PartySpec party) {
            Element transport = el(info, "Transport");
            attr(transport, "transportId", prefix + "_transport");
            Element sender = el(transport, "TransportSender");
            attr(text(sender, "TransportProtocol", "HTTP"), "version", "1.1");
            Element client = el(sender, "TransportClientSecurity");
            attr(text(client, "TransportSecurityProtocol", "TLS"), "version", "1.2");
            attr(el(client, "ClientCertificateRef"), "certId", prefix + "_clientCert");
            Element receiver = el(transport, "TransportReceiver");
            attr(text(receiver, "TransportProtocol", "HTTP"), "version", "1.1");
            Element endpoint = el(receiver, "Endpoint");
            attr(endpoint, "uri", party.endpoint().toString());
            attr(endpoint, "type", "allPurpose");
            Element server = el(receiver, "TransportServerSecurity");
            attr(text(server, "TransportSecurityProtocol", "TLS"), "version", "1.2");
            attr(el(server, "ServerCertificateRef"), "certId", prefix + "_serverCert");
        }

        private void docExchange(Element info, String prefix, String id, boolean business) {
            Element exchange = el(info, "DocExchange");
            attr(exchange, "docExchangeId", id);
            Element sender = el(exchange, "ebXMLSenderBinding");
            attr(sender, "version", "2.0");
            if (business && profile.reliable()) {
                reliableMessaging(sender);
                text(sender, "PersistDuration", xmlDuration(service.persistDuration()));
            }
            if (profile.signed()) {
                Element nr = el(sender, "SenderNonRepudiation");
                text(nr, "NonRepudiationProtocol", XMLDSIG);
                text(nr, "HashFunction", SHA256);
                text(nr, "SignatureAlgorithm", RSA_SHA256);
                attr(el(nr, "SigningCertificateRef"), "certId", prefix + "_signingCert");
            }
            if (business && profile.encrypted()) {
                Element digitalEnvelope = el(sender, "SenderDigitalEnvelope");
                attr(text(digitalEnvelope, "DigitalEnvelopeProtocol", "XMLENC"), "version", "1.0");
                text(digitalEnvelope, "EncryptionAlgorithm", envelope.contentAlgorithm());
                text(digitalEnvelope, "EncryptionAlgorithm", envelope.keyTransport());
            }
            Element receiver = el(exchange, "ebXMLReceiverBinding");
            attr(receiver, "version", "2.0");
            if (business && profile.reliable()) {
                reliableMessaging(receiver);
                text(receiver, "PersistDuration", xmlDuration(service.persistDuration()));
            }
            if (profile.signed()) {
                Element nr = el(receiver, "ReceiverNonRepudiation");
                text(nr, "NonRepudiationProtocol", XMLDSIG);
                text(nr, "HashFunction", SHA256);
                text(nr, "SignatureAlgorithm", RSA_SHA256);
            }
            if (business && profile.encrypted()) {
                Element digitalEnvelope = el(receiver, "ReceiverDigitalEnvelope");
                attr(text(digitalEnvelope, "DigitalEnvelopeProtocol", "XMLENC"), "version", "1.0");
                text(digitalEnvelope, "EncryptionAlgorithm", envelope.contentAlgorithm());
                text(digitalEnvelope, "EncryptionAlgorithm", envelope.keyTransport());
                attr(el(digitalEnvelope, "EncryptionCertificateRef"), "certId", prefix + "_encryptionCert");
            }
        }

        private void reliableMessaging(Element binding) {
            Element rm = el(binding, "ReliableMessaging");
            text(rm, "Retries", Integer.toString(service.retries()));
            text(rm, "RetryInterval", xmlDuration(service.retryInterval()));
            text(rm, "MessageOrderSemantics", "NotGuaranteed");
        }

        private void packaging(Element root) {
            Element header = el(root, "SimplePart");
            attr(header, "id", "part_header");
            attr(header, "mimetype", "text/xml");
            Element payload = el(root, "SimplePart");
            attr(payload, "id", "part_payload");
            attr(payload, "mimetype", "application/octet-stream");
            Element packaging = el(root, "Packaging");
            attr(packaging, "id", PACKAGE_ID);
            Element capabilities = el(packaging, "ProcessingCapabilities");
            attr(capabilities, "parse", "true");
            attr(capabilities, "generate", "true");
            Element composite = el(el(packaging, "CompositeList"), "Composite");
            attr(composite, "id", "package_ebms_message");
            attr(composite, "mimetype", "multipart/related");
            attr(composite, "mimeparameters", "type=\"text/xml\"");
            attr(el(composite, "Constituent"), "idref", "part_header");
            Element payloadConstituent = el(composite, "Constituent");
            attr(payloadConstituent, "idref", "part_payload");
            attr(payloadConstituent, "minOccurs", "0");
        }

        // --- DOM plumbing ---

        private Element el(Element parent, String name) {
            Element e = doc.createElementNS(CpaXml.NS, "tns:" + name);
            parent.appendChild(e);
            return e;
        }

        private Element text(Element parent, String name, String text) {
            Element e = el(parent, name);
            e.setTextContent(text);
            return e;
        }

        private Element ds(Element parent, String name) {
            Element e = doc.createElementNS(CpaXml.DS, "ds:" + name);
            parent.appendChild(e);
            return e;
        }

        private static void attr(Element e, String name, String value) {
            e.setAttributeNS(CpaXml.NS, "tns:" + name, value);
        }

        private static void xlink(Element e, String href) {
            e.setAttributeNS(CpaXml.XLINK, "xlink:type", "simple");
            e.setAttributeNS(CpaXml.XLINK, "xlink:href", href);
        }

        private String serialize() {
            try {
                TransformerFactory factory = TransformerFactory.newInstance();
                factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
                Transformer transformer = factory.newTransformer();
                transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                transformer.setOutputProperty(OutputKeys.INDENT, "yes");
                transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
                StringWriter out = new StringWriter();
                transformer.transform(new DOMSource(doc), new StreamResult(out));
                return out.toString();
            } catch (TransformerException e) {
                throw new IllegalStateException("cannot serialize CPA", e);
            }
        }
    }

    static String xmlDuration(Duration duration) {
        return duration.toString();
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(
                    "certificate " + certificate.getSubjectX500Principal() + " cannot be encoded", e);
        }
    }
}
