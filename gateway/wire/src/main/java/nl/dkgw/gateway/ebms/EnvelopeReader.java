package nl.dkgw.gateway.ebms;

import static nl.dkgw.gateway.ebms.Namespaces.EB;
import static nl.dkgw.gateway.ebms.Namespaces.SOAP;
import static nl.dkgw.gateway.ebms.Namespaces.XLINK;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.xml.XmlElement;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Reads a SOAP 1.1 envelope into an {@link EbmsMessage}, checking the structure ebMS 2.0 prescribes. Every violation
 * is an {@link EbmsException} with the ebMS error code and the location of the offending element. The envelope is
 * read from its bytes with StAX ({@link #read(byte[], List)}), or from a DOM tree a caller already has; both read the
 * same {@link XmlElement}s, so they accept and refuse the same envelopes in the same words.
 */
public final class EnvelopeReader {

    private static final Set<String> UNDERSTOOD_HEADERS =
            Set.of("MessageHeader", "AckRequested", "SyncReply", "MessageOrder", "Acknowledgment", "ErrorList");
    private static final Set<String> UNDERSTOOD_FOREIGN_HEADERS = Set.of(Namespaces.DS + "|Signature");

    /**
     * Reads the envelope's bytes (untrusted: hardened as {@link nl.dkgw.gateway.xml.SafeXml#parse}); XML that cannot be
     * read is an {@link ErrorCode#OtherXml} at the SOAP part.
     */
    public EbmsMessage read(byte[] envelope, List<Payload> payloads) throws EbmsException {
        XmlElement root;
        try {
            root = XmlElement.parse(envelope);
        } catch (SAXException e) {
            throw unreadable(e);
        }
        return read(root, payloads);
    }

    /** Why a SOAP part that is not acceptable XML is refused. */
    public static EbmsException unreadable(SAXException e) {
        return new EbmsException(
                ErrorCode.OtherXml, "SOAP part", "the SOAP part is not acceptable XML: " + e.getMessage());
    }

    public EbmsMessage read(Document doc, List<Payload> payloads) throws EbmsException {
        return read(XmlElement.of(doc.getDocumentElement()), payloads);
    }

    /** Reads the envelope from its document element. */
    public EbmsMessage read(XmlElement envelope, List<Payload> payloads) throws EbmsException {
        if (!SOAP.equals(envelope.namespace()) || !"Envelope".equals(envelope.localName())) {
            throw new EbmsException(
                    ErrorCode.OtherXml, "/", "the root element is not a SOAP 1.1 Envelope (namespace " + SOAP + ")");
        }
        XmlElement header = only(envelope, SOAP, "Header", "/SOAP:Envelope");
        XmlElement body = only(envelope, SOAP, "Body", "/SOAP:Envelope");
        if (header == null) {
            throw new EbmsException(ErrorCode.Inconsistent, "/SOAP:Envelope/SOAP:Header", "the SOAP Header is missing");
        }
        if (body == null) {
            throw new EbmsException(ErrorCode.Inconsistent, "/SOAP:Envelope/SOAP:Body", "the SOAP Body is missing");
        }
        checkMustUnderstand(header);

        XmlElement mh = only(header, EB, "MessageHeader", "//SOAP:Header");
        if (mh == null) {
            throw new EbmsException(
                    ErrorCode.Inconsistent, "//SOAP:Header/eb:MessageHeader", "the eb:MessageHeader is missing");
        }
        checkVersion(mh, "//eb:MessageHeader");
        MessageHeader messageHeader = readMessageHeader(mh);

        EbmsMessage.AckRequested ackRequested = null;
        XmlElement ack = only(header, EB, "AckRequested", "//SOAP:Header");
        if (ack != null) {
            checkVersion(ack, "//eb:AckRequested");
            String actor = ack.attribute(SOAP, "actor");
            String signed = attribute(ack, "signed");
            if (!signed.isEmpty() && !signed.equals("true") && !signed.equals("false")) {
                throw new EbmsException(
                        ErrorCode.OtherXml,
                        "//eb:AckRequested/@eb:signed",
                        "eb:signed must be true or false, not '" + ValuePreview.of(signed) + "'");
            }
            ackRequested = new EbmsMessage.AckRequested(actor, Boolean.parseBoolean(signed));
        }
        XmlElement sync = only(header, EB, "SyncReply", "//SOAP:Header");
        if (sync != null) {
            checkVersion(sync, "//eb:SyncReply");
        }
        Long sequenceNumber = null;
        XmlElement order = only(header, EB, "MessageOrder", "//SOAP:Header");
        if (order != null) {
            checkVersion(order, "//eb:MessageOrder");
            String seq = requiredText(order, "SequenceNumber", "//eb:MessageOrder/eb:SequenceNumber");
            try {
                sequenceNumber = Long.parseLong(seq);
            } catch (NumberFormatException e) {
                throw new EbmsException(
                        ErrorCode.OtherXml,
                        "//eb:MessageOrder/eb:SequenceNumber",
                        "SequenceNumber is not a number: '" + ValuePreview.of(seq) + "'");
            }
        }
        EbmsMessage.Acknowledgment acknowledgment = null;
        XmlElement ackElement = only(header, EB, "Acknowledgment", "//SOAP:Header");
        if (ackElement != null) {
            checkVersion(ackElement, "//eb:Acknowledgment");
            acknowledgment = new EbmsMessage.Acknowledgment(
                    instant(
                            requiredText(ackElement, "Timestamp", "//eb:Acknowledgment/eb:Timestamp"),
                            "//eb:Acknowledgment/eb:Timestamp"),
                    requiredText(ackElement, "RefToMessageId", "//eb:Acknowledgment/eb:RefToMessageId"));
        }
        List<EbmsError> errors = new ArrayList<>();
        XmlElement errorList = only(header, EB, "ErrorList", "//SOAP:Header");
        if (errorList != null) {
            for (XmlElement e : errorList.children(EB, "Error")) {
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(attribute(e, "errorCode"));
                } catch (IllegalArgumentException ex) {
                    code = ErrorCode.Unknown;
                }
                String severity = attribute(e, "severity");
                XmlElement description = first(e, EB, "Description");
                errors.add(new EbmsError(
                        code,
                        "Warning".equals(severity) ? EbmsError.Severity.Warning : EbmsError.Severity.Error,
                        attribute(e, "location"),
                        description == null ? "" : description.text().trim()));
            }
        }

        List<String> manifest = null;
        XmlElement manifestElement = only(body, EB, "Manifest", "//SOAP:Body");
        if (manifestElement != null) {
            checkVersion(manifestElement, "//eb:Manifest");
            manifest = new ArrayList<>();
            for (XmlElement ref : manifestElement.children(EB, "Reference")) {
                String href = ref.attribute(XLINK, "href");
                if (href.isEmpty()) {
                    throw new EbmsException(
                            ErrorCode.Inconsistent,
                            "//eb:Manifest/eb:Reference/@xlink:href",
                            "a manifest Reference has no xlink:href");
                }
                manifest.add(href);
            }
        }
        String statusRequestRef = null;
        XmlElement statusRequest = only(body, EB, "StatusRequest", "//SOAP:Body");
        if (statusRequest != null) {
            statusRequestRef = requiredText(statusRequest, "RefToMessageId", "//eb:StatusRequest/eb:RefToMessageId");
        }
        EbmsMessage.StatusResponse statusResponse = null;
        XmlElement statusResponseElement = only(body, EB, "StatusResponse", "//SOAP:Body");
        if (statusResponseElement != null) {
            XmlElement ts = first(statusResponseElement, EB, "Timestamp");
            statusResponse = new EbmsMessage.StatusResponse(
                    requiredText(statusResponseElement, "RefToMessageId", "//eb:StatusResponse/eb:RefToMessageId"),
                    attribute(statusResponseElement, "messageStatus"),
                    ts == null ? null : instant(ts.text().trim(), "//eb:StatusResponse/eb:Timestamp"));
        }
        return new EbmsMessage(
                messageHeader,
                ackRequested,
                sync != null,
                sequenceNumber,
                acknowledgment,
                errors,
                manifest,
                statusRequestRef,
                statusResponse,
                payloads);
    }

    private MessageHeader readMessageHeader(XmlElement mh) throws EbmsException {
        XmlElement from = required(mh, "From", "//eb:MessageHeader/eb:From");
        XmlElement to = required(mh, "To", "//eb:MessageHeader/eb:To");
        XmlElement service = required(mh, "Service", "//eb:MessageHeader/eb:Service");
        XmlElement data = required(mh, "MessageData", "//eb:MessageHeader/eb:MessageData");
        String ttl = optionalText(data, "TimeToLive");
        String serviceType = attribute(service, "type");
        return new MessageHeader(
                requiredText(mh, "CPAId", "//eb:MessageHeader/eb:CPAId"),
                requiredText(mh, "ConversationId", "//eb:MessageHeader/eb:ConversationId"),
                partyId(from, "//eb:MessageHeader/eb:From/eb:PartyId"),
                optionalText(from, "Role"),
                partyId(to, "//eb:MessageHeader/eb:To/eb:PartyId"),
                optionalText(to, "Role"),
                nonEmpty(service.text().trim(), "//eb:MessageHeader/eb:Service"),
                serviceType.isEmpty() ? null : serviceType,
                requiredText(mh, "Action", "//eb:MessageHeader/eb:Action"),
                requiredText(data, "MessageId", "//eb:MessageHeader/eb:MessageData/eb:MessageId"),
                instant(
                        requiredText(data, "Timestamp", "//eb:MessageHeader/eb:MessageData/eb:Timestamp"),
                        "//eb:MessageHeader/eb:MessageData/eb:Timestamp"),
                optionalText(data, "RefToMessageId"),
                ttl == null ? null : instant(ttl, "//eb:MessageHeader/eb:MessageData/eb:TimeToLive"),
                first(mh, EB, "DuplicateElimination") != null);
    }

    private static PartyId partyId(XmlElement parent, String location) throws EbmsException {
        List<XmlElement> ids = parent.children(EB, "PartyId");
        if (ids.isEmpty()) {
            throw new EbmsException(ErrorCode.Inconsistent, location, "eb:PartyId is missing");
        }
        XmlElement id = ids.get(0);
        String type = attribute(id, "type");
        return new PartyId(type.isEmpty() ? null : type, nonEmpty(id.text().trim(), location));
    }

    private static void checkMustUnderstand(XmlElement header) throws EbmsException {
        for (XmlElement e : header.children(null, null)) {
            String mu = e.attribute(SOAP, "mustUnderstand");
            if (!"1".equals(mu) && !"true".equals(mu)) {
                continue;
            }
            boolean understood = EB.equals(e.namespace()) && UNDERSTOOD_HEADERS.contains(e.localName())
                    || UNDERSTOOD_FOREIGN_HEADERS.contains(e.namespace() + "|" + e.localName());
            if (!understood) {
                throw new EbmsException(
                        ErrorCode.NotSupported,
                        "//SOAP:Header/" + e.qualifiedName(),
                        "header element {" + e.namespace() + "}" + e.localName()
                                + " is marked mustUnderstand but this MSH does not support it");
            }
        }
    }

    private static void checkVersion(XmlElement e, String location) throws EbmsException {
        String version = attribute(e, "version");
        if (!"2.0".equals(version)) {
            throw new EbmsException(
                    ErrorCode.NotSupported,
                    location + "/@eb:version",
                    "ebMS version '" + ValuePreview.of(version) + "' is not supported; this MSH speaks ebMS 2.0");
        }
    }

    private static String attribute(XmlElement e, String localName) {
        String value = e.attribute(EB, localName);
        return value == null ? "" : value.trim();
    }

    private static Instant instant(String text, String location) throws EbmsException {
        try {
            // ebMS timestamps must be UTC; a missing zone designator is taken as UTC, as deployed MSHs send it.
            return XsdDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new EbmsException(
                    ErrorCode.OtherXml, location, "'" + ValuePreview.of(text) + "' is not an xsd:dateTime");
        }
    }

    private static String nonEmpty(String value, String location) throws EbmsException {
        if (value.isEmpty()) {
            throw new EbmsException(
                    ErrorCode.Inconsistent, location, location.substring(location.lastIndexOf('/') + 1) + " is empty");
        }
        return value;
    }

    private static XmlElement required(XmlElement parent, String localName, String location) throws EbmsException {
        XmlElement e = first(parent, EB, localName);
        if (e == null) {
            throw new EbmsException(ErrorCode.Inconsistent, location, "eb:" + localName + " is missing");
        }
        return e;
    }

    private static String requiredText(XmlElement parent, String localName, String location) throws EbmsException {
        return nonEmpty(required(parent, localName, location).text().trim(), location);
    }

    private static String optionalText(XmlElement parent, String localName) {
        XmlElement e = first(parent, EB, localName);
        return e == null || e.text().isBlank() ? null : e.text().trim();
    }

    private static XmlElement only(XmlElement parent, String ns, String localName, String location)
            throws EbmsException {
        List<XmlElement> found = parent.children(ns, localName);
        if (found.size() > 1) {
            throw new EbmsException(
                    ErrorCode.Inconsistent, location + "/" + localName, "more than one " + localName + " element");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static XmlElement first(XmlElement parent, String ns, String localName) {
        List<XmlElement> found = parent.children(ns, localName);
        return found.isEmpty() ? null : found.get(0);
    }
}
