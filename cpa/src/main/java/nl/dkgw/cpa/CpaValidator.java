package nl.dkgw.cpa;

import static nl.dkgw.cpa.CpaElements.attr;
import static nl.dkgw.cpa.CpaElements.child;
import static nl.dkgw.cpa.CpaElements.children;
import static nl.dkgw.cpa.CpaElements.descendants;
import static nl.dkgw.cpa.CpaElements.path;
import static nl.dkgw.cpa.CpaElements.text;
import static nl.dkgw.cpa.CpaProblem.error;
import static nl.dkgw.cpa.CpaProblem.warning;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.xml.transform.stream.StreamSource;
import nl.dkgw.xsd.Schemas;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks a CPA against the CPPA 2.0 schema and the Digikoppeling rules, and reports every problem at once: errors
 * make the CPA unusable, warnings are allowed but deserve a look (MessageOrder, synchronous replies, certificates that
 * expire before the CPA does, and what the adapters deployed in the field are known to choke on).
 *
 * <p>In compatibility mode ({@code security.compatibility-mode: true}) AES-CBC data encryption and RSA 1.5 key
 * transport are warnings that name the Beveiligingsstandaarden rule they break (ENC003, ENC004) instead of errors.
 */
public final class CpaValidator {

    /** The configuration key of the gateway's compatibility mode. */
    public static final String COMPATIBILITY_KEY = "security.compatibility-mode";
    /** The configuration setting that lets a CPA name AES-CBC or RSA 1.5, as the problems name it. */
    public static final String COMPATIBILITY_SETTING = COMPATIBILITY_KEY + ": true";

    private static final String ROOT = "/CollaborationProtocolAgreement";
    private static final String TO_PARTY_MSH = "urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH";
    private static final String REFERENCE_ADAPTER = "the reference ebMS adapter (ebms-admin 2.20)";
    private static final Duration TEN_YEARS = Duration.ofDays(3653);

    private final Clock clock;
    private final boolean compatibilityMode;

    public CpaValidator() {
        this(Clock.systemUTC());
    }

    public CpaValidator(Clock clock) {
        this(clock, false);
    }

    /** @param compatibilityMode accept AES-CBC and RSA 1.5 with a warning, as a node with {@value #COMPATIBILITY_SETTING} */
    public CpaValidator(boolean compatibilityMode) {
        this(Clock.systemUTC(), compatibilityMode);
    }

    public CpaValidator(Clock clock, boolean compatibilityMode) {
        this.clock = clock;
        this.compatibilityMode = compatibilityMode;
    }

    /**
     * All problems of the CPA, errors first in document order, then warnings.
     *
     * @throws CpaParseException when the document is not well-formed XML, has a DOCTYPE, or is not a CPA at all
     */
    public List<CpaProblem> validate(String xml) throws CpaParseException {
        if (xml == null || xml.isBlank()) throw new CpaParseException("CPA is empty");
        Document document = CpaXml.parse(xml);
        Element root = document.getDocumentElement();
        if (!CpaXml.NS.equals(root.getNamespaceURI())
                || !"CollaborationProtocolAgreement".equals(root.getLocalName())) {
            throw new CpaParseException(
                    "not a CPA: the root element is {" + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        List<CpaProblem> problems = new ArrayList<>();
        schema(xml, problems);
        new Check(root, problems).run();
        List<CpaProblem> ordered =
                new ArrayList<>(problems.stream().filter(CpaProblem::isError).toList());
        ordered.addAll(problems.stream().filter(p -> !p.isError()).toList());
        return List.copyOf(ordered);
    }

    /** True when none of the problems is an error. */
    public static boolean isValid(Collection<CpaProblem> problems) {
        return problems.stream().noneMatch(CpaProblem::isError);
    }

    private static void schema(String xml, List<CpaProblem> problems) {
        var validator = Schemas.validator(Schemas.cpa());
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                problems.add(schemaProblem(e));
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(schemaProblem(e));
            }
        });
        try {
            validator.validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            if (problems.isEmpty()) problems.add(error("/", "schema validation stopped: " + e.getMessage()));
        }
    }

    private static CpaProblem schemaProblem(SAXParseException e) {
        return error(
                "line " + e.getLineNumber() + ", column " + e.getColumnNumber(),
                "not valid against cpp-cpa-2_0.xsd: " + e.getMessage());
    }

    /** The Digikoppeling checks over one document. */
    private final class Check {
        private final Element root;
        private final List<CpaProblem> problems;
        private final Map<String, Element> certificates = new HashMap<>();
        private final Map<String, X509Certificate> decoded = new HashMap<>();
        private final Map<String, Element> channels = new HashMap<>();
        private final Map<String, Element> transports = new HashMap<>();
        private final Map<String, Element> docExchanges = new HashMap<>();
        private final Instant now = clock.instant();
        private Instant start;
        private Instant end;

        Check(Element root, List<CpaProblem> problems) {
            this.root = root;
            this.problems = problems;
            index("Certificate", "certId", certificates);
            index("DeliveryChannel", "channelId", channels);
            index("Transport", "transportId", transports);
            index("DocExchange", "docExchangeId", docExchanges);
        }

        void run() {
            cpaId();
            dates();
            parties();
            certificates();
            clientCertificateOins();
            channelReferences();
            actionPairs();
            channelProfiles();
            endpoints();
            certificateReferences();
            fieldHabits();
        }

        private void index(String element, String idAttribute, Map<String, Element> into) {
            for (Element e : descendants(root, element)) {
                String id = attr(e, idAttribute);
                if (id != null) into.put(id, e);
            }
        }

        private void cpaId() {
            String id = attr(root, "cpaid");
            if (id == null || id.isBlank()) return; // schema reports it
            if (id.contains(".")) {
                problems.add(error(
                        ROOT + "/@cpaid",
                        "CPAId '" + id + "' contains dots; Digikoppeling CPAIds are "
                                + "[ServiceID]_[PartyId-A]_[PartyId-B]_[version] without dots"));
            }
            if (id.chars().anyMatch(Character::isWhitespace)) {
                problems.add(error(ROOT + "/@cpaid", "CPAId '" + id + "' contains whitespace"));
            }
        }

        private void dates() {
            Optional<Element> status = child(root, "Status");
            String value = status.map(s -> attr(s, "value")).orElse(null);
            if (value != null && !value.equals("agreed") && !value.equals("signed")) {
                problems.add(error(
                        ROOT + "/Status/@value", "Status is '" + value + "'; only agreed or signed CPAs can be used"));
            }
            start = instant("Start");
            end = instant("End");
            if (start == null || end == null) return;
            if (!end.isAfter(start)) {
                problems.add(error(ROOT + "/End", "End " + end + " is not after Start " + start));
            } else if (!end.isAfter(now)) {
                problems.add(error(ROOT + "/End", "CPA expired at " + end));
            } else if (start.isAfter(now)) {
                problems.add(warning(ROOT + "/Start", "CPA is not active until " + start));
            }
            if (Duration.between(start, end).compareTo(TEN_YEARS) > 0) {
                problems.add(warning(ROOT + "/End", "CPA runs more than 10 years (" + start + " to " + end + ")"));
            }
        }

        private Instant instant(String element) {
            Optional<Element> e = child(root, element);
            if (e.isEmpty()) return null;
            try {
                return OffsetDateTime.parse(text(e.get())).toInstant();
            } catch (DateTimeParseException ex) {
                try {
                    return Instant.parse(text(e.get()) + "Z");
                } catch (DateTimeParseException ex2) {
                    problems.add(error(ROOT + "/" + element, element + " '" + text(e.get()) + "' is not a date-time"));
                    return null;
                }
            }
        }

        private void parties() {
            List<Element> parties = children(root, "PartyInfo");
            if (parties.size() != 2) {
                problems.add(
                        error(ROOT, "a Digikoppeling CPA has exactly two parties, this one has " + parties.size()));
            }
            Set<String> seen = new LinkedHashSet<>();
            for (Element party : parties) {
                List<Element> roles = children(party, "CollaborationRole");
                if (roles.size() != 1) {
                    problems.add(error(
                            path(party),
                            "party " + attr(party, "partyName") + " has " + roles.size()
                                    + " roles; Digikoppeling allows one role per party per CPA"));
                }
                for (Element id : children(party, "PartyId")) {
                    partyId(party, id, seen);
                }
                for (Element role : roles) {
                    serviceBinding(party, role);
                }
            }
        }

        private void partyId(Element party, Element id, Set<String> seen) {
            String type = attr(id, "type");
            String value = text(id);
            if (!PartyId.OIN_TYPE.equals(type)) {
                problems.add(error(path(id, "type"), "PartyId type is '" + type + "', expected " + PartyId.OIN_TYPE));
            }
            OinFormat.problemWith(value)
                    .ifPresent(problem -> problems.add(error(
                            path(id),
                            "PartyId '" + value + "' is not an OIN (20 digits, optionally with _O, _T, _A or _OTA): "
                                    + problem)));
            if (!seen.add(type + ":" + value)) {
                problems.add(error(path(id), "PartyId " + value + " names both parties"));
            }
        }

        private void serviceBinding(Element party, Element role) {
            Optional<Element> binding = child(role, "ServiceBinding");
            if (binding.isEmpty()) return;
            child(binding.get(), "Service").ifPresent(service -> {
                String name = text(service);
                if (name.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(error(path(service), "service name '" + name + "' contains whitespace"));
                }
                String type = attr(service, "type");
                if (!ServiceSpec.SERVICE_TYPE.equals(type)) {
                    problems.add(warning(
                            path(service, "type"),
                            "Service type is '" + type + "', Digikoppeling uses " + ServiceSpec.SERVICE_TYPE));
                }
            });
            for (Element can : children(binding.get(), "CanSend")) actionName(can);
            for (Element can : children(binding.get(), "CanReceive")) actionName(can);
        }

        private void actionName(Element can) {
            child(can, "ThisPartyActionBinding").ifPresent(b -> {
                String action = attr(b, "action");
                if (action != null && action.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(error(path(b, "action"), "action name '" + action + "' contains whitespace"));
                }
            });
        }

        private void certificates() {
            for (Map.Entry<String, Element> entry : certificates.entrySet()) {
                Element cert = entry.getValue();
                Optional<Element> der = child(cert, "KeyInfo")
                        .flatMap(k -> child(k, "X509Data"))
                        .flatMap(d -> child(d, "X509Certificate"));
                if (der.isEmpty()) {
                    problems.add(error(
                            path(cert), "Certificate " + entry.getKey() + " holds no ds:X509Data/ds:X509Certificate"));
                    continue;
                }
                X509Certificate certificate;
                try {
                    certificate =
                            CpaCertificates.decode(Base64.getMimeDecoder().decode(text(der.get())), entry.getKey());
                } catch (IllegalArgumentException e) {
                    problems.add(error(
                            path(der.get()), "Certificate " + entry.getKey() + " is not a readable X.509 certificate"));
                    continue;
                }
                decoded.put(entry.getKey(), certificate);
                Instant notAfter = certificate.getNotAfter().toInstant();
                Instant notBefore = certificate.getNotBefore().toInstant();
                if (notAfter.isBefore(now)) {
                    problems.add(error(
                            path(cert),
                            "certificate " + entry.getKey() + " (" + subject(certificate) + ") expired at "
                                    + notAfter));
                } else if (notBefore.isAfter(now)) {
                    problems.add(error(
                            path(cert),
                            "certificate " + entry.getKey() + " (" + subject(certificate) + ") is not valid until "
                                    + notBefore));
                } else if (end != null && notAfter.isBefore(end)) {
                    problems.add(warning(
                            path(cert),
                            "certificate " + entry.getKey() + " expires at " + notAfter + ", before the CPA End " + end
                                    + "; replace the CPA before then"));
                }
            }
        }

        /** defaultMshChannelId and every action binding's ChannelId name a DeliveryChannel of the same party. */
        private void channelReferences() {
            for (Element party : children(root, "PartyInfo")) {
                List<Element> own = children(party, "DeliveryChannel");
                String name = attr(party, "partyName");
                String defaultChannel = attr(party, "defaultMshChannelId");
                if (defaultChannel != null
                        && own.stream().noneMatch(c -> defaultChannel.equals(attr(c, "channelId")))) {
                    problems.add(error(
                            path(party, "defaultMshChannelId"),
                            "party " + name + ": defaultMshChannelId '" + defaultChannel
                                    + "' names no DeliveryChannel of this party; MSH signals have nowhere to go"));
                }
                for (Element binding : descendants(party, "ThisPartyActionBinding")) {
                    for (Element channelId : children(binding, "ChannelId")) {
                        String id = text(channelId);
                        if (own.stream().noneMatch(c -> id.equals(attr(c, "channelId")))) {
                            problems.add(error(
                                    path(channelId),
                                    "party " + name + ": action " + attr(binding, "action") + " uses channel '" + id
                                            + "', which is not a DeliveryChannel of this party"));
                        }
                    }
                }
            }
        }

        /** What one party can send, the other can receive, in the same service. */
        private void actionPairs() {
            List<Element> parties = children(root, "PartyInfo");
            if (parties.size() != 2) return;
            for (int i = 0; i < 2; i++) {
                Element sender = parties.get(i);
                Element receiver = parties.get(1 - i);
                for (Element binding : descendants(sender, "ServiceBinding")) {
                    String service =
                            child(binding, "Service").map(CpaElements::text).orElse(null);
                    for (Element can : children(binding, "CanSend")) {
                        Optional<Element> action = child(can, "ThisPartyActionBinding");
                        if (action.isEmpty() || service == null) continue;
                        String name = attr(action.get(), "action");
                        if (!canReceive(receiver, service, name)) {
                            problems.add(error(
                                    path(action.get(), "action"),
                                    "party " + attr(sender, "partyName") + " can send action "
                                            + name + " of service " + service + ", but party "
                                            + attr(receiver, "partyName")
                                            + " cannot receive it (no matching CanReceive)"));
                        }
                    }
                }
            }
        }

        private boolean canReceive(Element party, String service, String action) {
            for (Element binding : descendants(party, "ServiceBinding")) {
                if (!child(binding, "Service")
                        .map(CpaElements::text)
                        .filter(service::equals)
                        .isPresent()) continue;
                for (Element can : children(binding, "CanReceive")) {
                    if (child(can, "ThisPartyActionBinding")
                            .map(b -> attr(b, "action"))
                            .filter(action::equals)
                            .isPresent()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** PKI001: the TLS client certificate carries the party's OIN in its subject serialNumber. */
        private void clientCertificateOins() {
            for (Element party : children(root, "PartyInfo")) {
                Optional<String> partyOin = child(party, "PartyId")
                        .map(CpaElements::text)
                        .map(v -> v.contains("_") ? v.substring(0, v.indexOf('_')) : v);
                if (partyOin.isEmpty()) continue;
                for (Element ref : descendants(party, "ClientCertificateRef")) {
                    X509Certificate certificate = decoded.get(attr(ref, "certId"));
                    if (certificate == null) continue;
                    Optional<String> certOin = OinFormat.ofCertificate(certificate);
                    if (certOin.isEmpty() || !certOin.get().equals(partyOin.get())) {
                        problems.add(warning(
                                path(ref, "certId"),
                                "client certificate " + attr(ref, "certId") + " carries "
                                        + certOin.map(o -> "OIN/HRN " + o).orElse("no OIN")
                                        + " in its subject serialNumber, the party's "
                                        + "PartyId is " + partyOin.get()
                                        + "; fine only for a supplier acting for the party"));
                    }
                }
            }
        }

        /** Profile consistency of every channel an action binding uses, and one profile per CPA. */
        private void channelProfiles() {
            Map<Profile, List<String>> used = new LinkedHashMap<>();
            Set<Element> done = new LinkedHashSet<>();
            for (Element binding : descendants(root, "ThisPartyActionBinding")) {
                for (Element channelId : children(binding, "ChannelId")) {
                    Element channel = channels.get(text(channelId));
                    if (channel == null || !done.add(channel)) continue;
                    channelProfile(channel)
                            .ifPresent(p -> used.computeIfAbsent(p, k -> new ArrayList<>())
                                    .add(attr(channel, "channelId")));
                }
            }
            for (Element channel : channels.values()) syncReply(channel);
            if (used.size() > 1) {
                StringBuilder which = new StringBuilder();
                used.forEach((p, ids) -> which.append(which.isEmpty() ? "" : "; ")
                        .append(p.code())
                        .append(": ")
                        .append(ids));
                problems.add(error(
                        ROOT,
                        "one acknowledgment profile per CPA, but the channels use " + used.size() + " profiles ("
                                + which + "); put actions that need another profile in another CPA"));
            }
        }

        private Optional<Profile> channelProfile(Element channel) {
            String id = attr(channel, "channelId");
            Element mc = child(channel, "MessagingCharacteristics").orElse(null);
            Element exchange = docExchanges.get(attr(channel, "docExchangeId"));
            Element sender = exchange == null
                    ? null
                    : child(exchange, "ebXMLSenderBinding").orElse(null);
            String ack = Optional.ofNullable(attr(mc, "ackRequested")).orElse("perMessage");
            String dup = Optional.ofNullable(attr(mc, "duplicateElimination")).orElse("perMessage");
            String where = mc == null ? path(channel) : path(mc);
            if ("perMessage".equals(ack)) {
                problems.add(error(
                        where + "/@ackRequested",
                        "channel " + id
                                + ": ackRequested must be always (osb-rm*) or never (osb-be*), not perMessage"));
            }
            boolean reliable = "always".equals(ack);
            Element nonRepudiation = sender == null
                    ? null
                    : child(sender, "SenderNonRepudiation").orElse(null);
            Element envelope = sender == null
                    ? null
                    : child(sender, "SenderDigitalEnvelope").orElse(null);
            boolean signed = nonRepudiation != null;
            boolean encrypted = envelope != null;

            if (reliable) {
                if (!"always".equals(dup)) {
                    problems.add(error(
                            where + "/@duplicateElimination",
                            "channel " + id + ": reliable messaging (osb-rm) needs duplicateElimination always, not "
                                    + dup));
                }
                String actor = attr(mc, "actor");
                if (actor != null && !TO_PARTY_MSH.equals(actor)) {
                    problems.add(error(
                            where + "/@actor",
                            "channel " + id + ": acknowledgments go to the toPartyMSH, not " + actor));
                }
                Optional<Element> rm = sender == null ? Optional.empty() : child(sender, "ReliableMessaging");
                if (rm.isEmpty()) {
                    problems.add(
                            error(
                                    exchange == null ? path(channel) : path(exchange),
                                    "channel " + id
                                            + ": ackRequested always but the ebXMLSenderBinding has no ReliableMessaging (Retries, RetryInterval)"));
                } else {
                    if (child(rm.get(), "Retries").isEmpty()
                            || child(rm.get(), "RetryInterval").isEmpty()) {
                        problems.add(error(
                                path(rm.get()),
                                "channel " + id + ": ReliableMessaging needs Retries and RetryInterval"));
                    }
                    child(rm.get(), "MessageOrderSemantics")
                            .filter(m -> "Guaranteed".equals(text(m)))
                            .ifPresent(m -> problems.add(warning(
                                    path(m),
                                    "channel " + id + ": MessageOrder (Guaranteed) is discouraged in "
                                            + "Digikoppeling and needs a bilateral agreement; " + REFERENCE_ADAPTER
                                            + " does not support it")));
                }
                if (sender != null && child(sender, "PersistDuration").isEmpty()) {
                    problems.add(warning(
                            path(sender),
                            "channel " + id + ": no PersistDuration; the sender keeps messages for its own default"));
                }
            } else if ("always".equals(dup)) {
                problems.add(warning(
                        where + "/@duplicateElimination",
                        "channel " + id
                                + ": duplicateElimination always without ackRequested always is not an osb profile"));
            }
            if (signed) signing(id, nonRepudiation, reliable, mc, where);
            if (encrypted) {
                encryption(id, envelope);
                if (!signed) {
                    problems.add(error(
                            path(envelope),
                            "channel " + id + ": encryption without signing fits no profile "
                                    + "(osb-be-e and osb-rm-e are signed too); add SenderNonRepudiation"));
                }
            }
            return Optional.of(Profile.of(reliable, signed, encrypted));
        }

        private void signing(String id, Element nonRepudiation, boolean reliable, Element mc, String where) {
            child(nonRepudiation, "HashFunction").ifPresent(h -> {
                String value = text(h).toLowerCase(Locale.ROOT);
                if (value.contains("sha1") || value.contains("md5") || value.contains("sha224")) {
                    problems.add(error(
                            path(h),
                            "channel " + id + ": hash function " + text(h)
                                    + " is not allowed; use SHA-256, SHA-384 or SHA-512 (SIGN001)"));
                } else if (!(value.endsWith("sha256") || value.endsWith("sha384") || value.endsWith("sha512"))) {
                    problems.add(
                            error(path(h), "channel " + id + ": hash function " + text(h) + " is not a SHA-2 digest"));
                }
            });
            for (Element a : children(nonRepudiation, "SignatureAlgorithm")) {
                String value = text(a).toLowerCase(Locale.ROOT);
                if (!(value.endsWith("rsa-sha256") || value.endsWith("rsa-sha384") || value.endsWith("rsa-sha512"))) {
                    problems.add(error(
                            path(a),
                            "channel " + id + ": signature algorithm " + text(a)
                                    + " is not allowed; use rsa-sha256, rsa-sha384 or rsa-sha512 (SIGN002)"));
                }
            }
            if (reliable && !"always".equals(attr(mc, "ackSignatureRequested"))) {
                problems.add(
                        warning(
                                where + "/@ackSignatureRequested",
                                "channel " + id
                                        + ": signed reliable profile without ackSignatureRequested always; acknowledgments should be signed too"));
            }
        }

        /**
         * ENC003 (data encryption AES-128 or AES-256, GCM mode) and ENC004 (RSA-OAEP key transport) of the
         * Beveiligingsstandaarden; AES-CBC and RSA 1.5 only in compatibility mode, with a warning.
         */
        private void encryption(String id, Element envelope) {
            boolean content = false;
            boolean keyTransport = false;
            boolean cbc = false;
            for (Element a : children(envelope, "EncryptionAlgorithm")) {
                String value = text(a).toLowerCase(Locale.ROOT);
                if (value.endsWith("aes128-gcm") || value.endsWith("aes256-gcm")) {
                    content = true;
                } else if (value.endsWith("rsa-oaep") || value.endsWith("rsa-oaep-mgf1p")) {
                    keyTransport = true;
                } else if (value.contains("tripledes") || value.contains("3des")) {
                    problems.add(error(
                            path(a),
                            "channel " + id + ": 3DES (" + text(a) + ") must not be used to encrypt (ENC003)"));
                } else if (value.endsWith("aes128-cbc") || value.endsWith("aes256-cbc")) {
                    cbc = true;
                    content |= compatibilityMode;
                    problems.add(weak(
                            path(a),
                            "channel " + id + ": AES-CBC (" + text(a) + ") breaks "
                                    + "Beveiligingsstandaarden rule ENC003 (AES in GCM mode)",
                            "aes128-gcm or aes256-gcm"));
                } else if (value.endsWith("rsa-1_5")) {
                    keyTransport |= compatibilityMode;
                    problems.add(weak(
                            path(a),
                            "channel " + id + ": RSA 1.5 key transport (" + text(a) + ") breaks "
                                    + "Beveiligingsstandaarden rule ENC004 (RSA-OAEP key transport)",
                            "rsa-oaep"));
                } else if (value.endsWith("aes192-gcm") || value.endsWith("aes192-cbc")) {
                    problems.add(
                            error(
                                    path(a),
                                    "channel " + id + ": AES-192 (" + text(a) + ") is not among the data "
                                            + "encryption algorithms of ENC003 (AES-128, AES-256); use aes128-gcm or aes256-gcm"));
                } else {
                    problems.add(
                            error(path(a), "channel " + id + ": encryption algorithm " + text(a) + " is not allowed"));
                }
            }
            if (!content) {
                problems.add(
                        error(
                                path(envelope),
                                "channel " + id
                                        + ": SenderDigitalEnvelope names no AES-GCM data encryption (aes128-gcm or aes256-gcm)"));
            }
            if (!keyTransport && cbc && compatibilityMode) {
                problems.add(warning(
                        path(envelope),
                        "channel " + id + ": SenderDigitalEnvelope names no key transport; "
                                + "with AES-CBC the gateway uses RSA 1.5, which breaks Beveiligingsstandaarden rule ENC004 "
                                + "(RSA-OAEP key transport); accepted because " + COMPATIBILITY_KEY
                                + " is on"));
            } else if (!keyTransport) {
                problems.add(error(
                        path(envelope), "channel " + id + ": SenderDigitalEnvelope names no RSA-OAEP key transport"));
            }
        }

        /**
         * An algorithm Digikoppeling forbids but some deployed adapters need: a warning in compatibility mode, an error
         * that names the setting otherwise.
         */
        private CpaProblem weak(String location, String breaks, String instead) {
            if (compatibilityMode) {
                return warning(location, breaks + "; accepted because " + COMPATIBILITY_KEY + " is on");
            }
            return error(
                    location,
                    breaks + "; use " + instead + ", or, for a peer whose adapter can do no better, " + "set "
                            + COMPATIBILITY_SETTING + " (and check with dkgw cpa validate --compatibility-mode)");
        }

        private void syncReply(Element channel) {
            child(channel, "MessagingCharacteristics").ifPresent(mc -> {
                String mode = attr(mc, "syncReplyMode");
                String id = attr(channel, "channelId");
                if (mode == null || mode.equals("none")) return;
                if (mode.equals("mshSignalsOnly")) {
                    problems.add(
                            warning(
                                    path(mc, "syncReplyMode"),
                                    "channel " + id
                                            + ": syncReplyMode mshSignalsOnly: signals come back on the same HTTP connection; both sides must support it"));
                } else {
                    problems.add(error(
                            path(mc, "syncReplyMode"),
                            "channel " + id + ": syncReplyMode " + mode
                                    + " is not allowed; Digikoppeling allows none or mshSignalsOnly"));
                }
            });
        }

        private void endpoints() {
            for (Element transport : transports.values()) {
                Element receiver = child(transport, "TransportReceiver").orElse(null);
                String transportId = attr(transport, "transportId");
                child(transport, "TransportSender").ifPresent(sender -> {
                    boolean clientCert = child(sender, "TransportClientSecurity")
                            .flatMap(s -> child(s, "ClientCertificateRef"))
                            .isPresent();
                    if (!clientCert) {
                        problems.add(error(
                                path(sender),
                                "transport " + transportId + " names no TLS client certificate (ClientCertificateRef); "
                                        + "Digikoppeling uses two-way TLS"));
                    }
                });
                if (receiver == null) continue;
                Optional<X509Certificate> serverCert = child(receiver, "TransportServerSecurity")
                        .flatMap(s -> child(s, "ServerCertificateRef"))
                        .map(ref -> decoded.get(attr(ref, "certId")));
                if (child(receiver, "TransportServerSecurity")
                        .flatMap(s -> child(s, "ServerCertificateRef"))
                        .isEmpty()) {
                    problems.add(error(
                            path(receiver),
                            "transport " + transportId + " names no TLS server certificate (ServerCertificateRef)"));
                }
                for (Element endpoint : children(receiver, "Endpoint")) {
                    endpoint(endpoint, transportId, serverCert);
                }
            }
        }

        private void endpoint(Element endpoint, String transportId, Optional<X509Certificate> serverCert) {
            String uri = attr(endpoint, "uri");
            String where = path(endpoint, "uri");
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (URISyntaxException | NullPointerException e) {
                problems.add(error(where, "endpoint '" + uri + "' is not a URI"));
                return;
            }
            if (!"https".equalsIgnoreCase(parsed.getScheme())) {
                problems.add(error(where, "endpoint " + uri + " is not https; Digikoppeling requires TLS"));
                return;
            }
            if (parsed.getHost() == null) {
                problems.add(error(where, "endpoint " + uri + " has no host"));
                return;
            }
            if (parsed.getPort() != -1 && parsed.getPort() != 443) {
                problems.add(warning(
                        where, "endpoint " + uri + " uses port " + parsed.getPort() + "; Digikoppeling uses 443"));
            }
            serverCert.ifPresent(cert -> {
                List<String> names = hostNames(cert);
                if (names.stream().noneMatch(n -> hostMatches(n, parsed.getHost()))) {
                    problems.add(error(
                            where,
                            "endpoint host " + parsed.getHost() + " does not match the server certificate of transport "
                                    + transportId + " (" + String.join(", ", names) + ")"));
                }
            });
        }

        /**
         * Optional parts of a CPA that the adapters deployed in the field need anyway: the reference adapter fails to
         * load a CPA whose BusinessTransactionCharacteristics lack isIntelligibleCheckRequired, and refuses an
         * Acknowledgment when the sender's default (signal) channel does not name the toPartyMSH actor.
         */
        private void fieldHabits() {
            for (Element btc : descendants(root, "BusinessTransactionCharacteristics")) {
                if (attr(btc, "isIntelligibleCheckRequired") == null) {
                    problems.add(warning(
                            path(btc),
                            "no isIntelligibleCheckRequired; optional in CPPA 2.0, but " + REFERENCE_ADAPTER
                                    + " cannot import a CPA without it; add isIntelligibleCheckRequired=\"false\""));
                }
            }
            boolean acknowledged = channels.values().stream()
                    .map(c -> child(c, "MessagingCharacteristics").orElse(null))
                    .anyMatch(mc -> "always".equals(attr(mc, "ackRequested")));
            if (!acknowledged) return;
            for (Element party : children(root, "PartyInfo")) {
                Element channel = channels.get(attr(party, "defaultMshChannelId"));
                if (channel == null) continue;
                Element mc = child(channel, "MessagingCharacteristics").orElse(null);
                if (!TO_PARTY_MSH.equals(attr(mc, "actor"))) {
                    problems.add(warning(
                            mc == null ? path(channel) : path(mc, "actor"),
                            "default channel "
                                    + attr(channel, "channelId") + " of party " + attr(party, "partyName")
                                    + " does not name actor "
                                    + TO_PARTY_MSH + "; " + REFERENCE_ADAPTER
                                    + " refuses the Acknowledgments this party sends"
                                    + " unless its default channel names it"));
                }
            }
        }

        private void certificateReferences() {
            for (String ref : List.of(
                    "ClientCertificateRef",
                    "ServerCertificateRef",
                    "SigningCertificateRef",
                    "EncryptionCertificateRef",
                    "AnchorCertificateRef",
                    "ApplicationCertificateRef")) {
                for (Element e : descendants(root, ref)) {
                    String id = attr(e, "certId");
                    if (!certificates.containsKey(id)) {
                        problems.add(error(
                                path(e, "certId"),
                                ref + " names certificate '" + id + "', which the CPA does not contain"));
                    }
                }
            }
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    static List<String> hostNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the CN
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(subject(certificate)).getRdns()) {
                    if ("CN".equalsIgnoreCase(rdn.getType())) names.add(String.valueOf(rdn.getValue()));
                }
            } catch (InvalidNameException e) {
                // no names
            }
        }
        return names;
    }

    static boolean hostMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }
}
