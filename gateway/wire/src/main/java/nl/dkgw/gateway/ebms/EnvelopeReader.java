package nl.dkgw.gateway.ebms;

import static nl.dkgw.gateway.ebms.Namespaces.EB;
import static nl.dkgw.gateway.ebms.Namespaces.SOAP;
import static nl.dkgw.gateway.ebms.Namespaces.XLINK;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.dkgw.cpa.PartyId;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a SOAP 1.1 envelope into an {@link EbmsMessage}, checking the structure ebMS 2.0 prescribes. Every violation
 * is an {@link EbmsException} with the ebMS error code and the location of the offending element.
 */
public final class EnvelopeReader {

    private static final Set<String> UNDERSTOOD_HEADERS =
            Set.of("MessageHeader", "AckRequested", "SyncReply", "MessageOrder", "Acknowledgment", "ErrorList");
    private static final Set<String> UNDERSTOOD_FOREIGN_HEADERS = Set.of(Namespaces.DS + "|Signature");

    public EbmsMessage read(Document doc, List<Payload> payloads) throws EbmsException {
        Element envelope = doc.getDocumentElement();
        if (!SOAP.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
            throw new EbmsException(
                    ErrorCode.OtherXml, "/", "the root element is not a SOAP 1.1 Envelope (namespace " + SOAP + ")");
        }
        Element header = only(envelope, SOAP, "Header", "/SOAP:Envelope");
        Element body = only(envelope, SOAP, "Body", "/SOAP:Envelope");
        if (header == null) {
            throw new EbmsException(ErrorCode.Inconsistent, "/SOAP:Envelope/SOAP:Header", "the SOAP Header is missing");
        }
        if (body == null) {
            throw new EbmsException(ErrorCode.Inconsistent, "/SOAP:Envelope/SOAP:Body", "the SOAP Body is missing");
        }
        checkMustUnderstand(header);

        Element mh = only(header, EB, "MessageHeader", "//SOAP:Header");
        if (mh == null) {
            throw new EbmsException(
                    ErrorCode.Inconsistent, "//SOAP:Header/eb:MessageHeader", "the eb:MessageHeader is missing");
        }
        checkVersion(mh, "//eb:MessageHeader");
        MessageHeader messageHeader = readMessageHeader(mh);

        EbmsMessage.AckRequested ackRequested = null;
        Element ack = only(header, EB, "AckRequested", "//SOAP:Header");
        if (ack != null) {
            checkVersion(ack, "//eb:AckRequested");
            String actor = ack.getAttributeNS(SOAP, "actor");
            String signed = attribute(ack, "signed");
            if (!signed.isEmpty() && !signed.equals("true") && !signed.equals("false")) {
                throw new EbmsException(
                        ErrorCode.OtherXml,
                        "//eb:AckRequested/@eb:signed",
                        "eb:signed must be true or false, not '" + ValuePreview.of(signed) + "'");
            }
            ackRequested = new EbmsMessage.AckRequested(actor, Boolean.parseBoolean(signed));
        }
        Element sync = only(header, EB, "SyncReply", "//SOAP:Header");
        if (sync != null) {
            checkVersion(sync, "//eb:SyncReply");
        }
        Long sequenceNumber = null;
        Element order = only(header, EB, "MessageOrder", "//SOAP:Header");
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
        Element ackElement = only(header, EB, "Acknowledgment", "//SOAP:Header");
        if (ackElement != null) {
            checkVersion(ackElement, "//eb:Acknowledgment");
            acknowledgment = new EbmsMessage.Acknowledgment(
                    instant(
                            requiredText(ackElement, "Timestamp", "//eb:Acknowledgment/eb:Timestamp"),
                            "//eb:Acknowledgment/eb:Timestamp"),
                    requiredText(ackElement, "RefToMessageId", "//eb:Acknowledgment/eb:RefToMessageId"));
        }
        List<EbmsError> errors = new ArrayList<>();
        Element errorList = only(header, EB, "ErrorList", "//SOAP:Header");
        if (errorList != null) {
            for (Element e : children(errorList, EB, "Error")) {
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(attribute(e, "errorCode"));
                } catch (IllegalArgumentException ex) {
                    code = ErrorCode.Unknown;
                }
                String severity = attribute(e, "severity");
                Element description = first(e, EB, "Description");
                errors.add(new EbmsError(
                        code,
                        "Warning".equals(severity) ? EbmsError.Severity.Warning : EbmsError.Severity.Error,
                        attribute(e, "location"),
                        description == null ? "" : description.getTextContent().trim()));
            }
        }

        List<String> manifest = null;
        Element manifestElement = only(body, EB, "Manifest", "//SOAP:Body");
        if (manifestElement != null) {
            checkVersion(manifestElement, "//eb:Manifest");
            manifest = new ArrayList<>();
            for (Element ref : children(manifestElement, EB, "Reference")) {
                String href = ref.getAttributeNS(XLINK, "href");
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
        Element statusRequest = only(body, EB, "StatusRequest", "//SOAP:Body");
        if (statusRequest != null) {
            statusRequestRef = requiredText(statusRequest, "RefToMessageId", "//eb:StatusRequest/eb:RefToMessageId");
        }
        EbmsMessage.StatusResponse statusResponse = null;
        Element statusResponseElement = only(body, EB, "StatusResponse", "//SOAP:Body");
        if (statusResponseElement != null) {
            Element ts = first(statusResponseElement, EB, "Timestamp");
            statusResponse = new EbmsMessage.StatusResponse(
                    requiredText(statusResponseElement, "RefToMessageId", "//eb:StatusResponse/eb:RefToMessageId"),
                    attribute(statusResponseElement, "messageStatus"),
                    ts == null ? null : instant(ts.getTextContent().trim(), "//eb:StatusResponse/eb:Timestamp"));
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

    private MessageHeader readMessageHeader(Element mh) throws EbmsException {
        Element from = required(mh, "From", "//eb:MessageHeader/eb:From");
        Element to = required(mh, "To", "//eb:MessageHeader/eb:To");
        Element service = required(mh, "Service", "//eb:MessageHeader/eb:Service");
        Element data = required(mh, "MessageData", "//eb:MessageHeader/eb:MessageData");
        String ttl = optionalText(data, "TimeToLive");
        String serviceType = attribute(service, "type");
        return new MessageHeader(
                requiredText(mh, "CPAId", "//eb:MessageHeader/eb:CPAId"),
                requiredText(mh, "ConversationId", "//eb:MessageHeader/eb:ConversationId"),
                partyId(from, "//eb:MessageHeader/eb:From/eb:PartyId"),
                optionalText(from, "Role"),
                partyId(to, "//eb:MessageHeader/eb:To/eb:PartyId"),
                optionalText(to, "Role"),
                nonEmpty(service.getTextContent().trim(), "//eb:MessageHeader/eb:Service"),
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

    private static PartyId partyId(Element parent, String location) throws EbmsException {
        List<Element> ids = children(parent, EB, "PartyId");
        if (ids.isEmpty()) {
            throw new EbmsException(ErrorCode.Inconsistent, location, "eb:PartyId is missing");
        }
        Element id = ids.get(0);
        String type = attribute(id, "type");
        return new PartyId(
                type.isEmpty() ? null : type, nonEmpty(id.getTextContent().trim(), location));
    }

    private static void checkMustUnderstand(Element header) throws EbmsException {
        for (Element e : children(header, null, null)) {
            String mu = e.getAttributeNS(SOAP, "mustUnderstand");
            if (!"1".equals(mu) && !"true".equals(mu)) {
                continue;
            }
            boolean understood = EB.equals(e.getNamespaceURI()) && UNDERSTOOD_HEADERS.contains(e.getLocalName())
                    || UNDERSTOOD_FOREIGN_HEADERS.contains(e.getNamespaceURI() + "|" + e.getLocalName());
            if (!understood) {
                throw new EbmsException(
                        ErrorCode.NotSupported,
                        "//SOAP:Header/" + e.getNodeName(),
                        "header element {" + e.getNamespaceURI() + "}" + e.getLocalName()
                                + " is marked mustUnderstand but this MSH does not support it");
            }
        }
    }

    private static void checkVersion(Element e, String location) throws EbmsException {
        String version = attribute(e, "version");
        if (!"2.0".equals(version)) {
            throw new EbmsException(
                    ErrorCode.NotSupported,
                    location + "/@eb:version",
                    "ebMS version '" + ValuePreview.of(version) + "' is not supported; this MSH speaks ebMS 2.0");
        }
    }

    private static String attribute(Element e, String localName) {
        String value = e.getAttributeNS(EB, localName);
        return value == null ? "" : value.trim();
    }

    private static Instant instant(String text, String location) throws EbmsException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // ebMS timestamps must be UTC; accept a missing zone designator as UTC, as deployed MSHs send it.
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new EbmsException(
                        ErrorCode.OtherXml, location, "'" + ValuePreview.of(text) + "' is not an xsd:dateTime");
            }
        }
    }

    private static String nonEmpty(String value, String location) throws EbmsException {
        if (value.isEmpty()) {
            throw new EbmsException(
                    ErrorCode.Inconsistent, location, location.substring(location.lastIndexOf('/') + 1) + " is empty");
        }
        return value;
    }

    private static Element required(Element parent, String localName, String location) throws EbmsException {
        Element e = first(parent, EB, localName);
        if (e == null) {
            throw new EbmsException(ErrorCode.Inconsistent, location, "eb:" + localName + " is missing");
        }
        return e;
    }

    private static String requiredText(Element parent, String localName, String location) throws EbmsException {
        return nonEmpty(required(parent, localName, location).getTextContent().trim(), location);
    }

    private static String optionalText(Element parent, String localName) {
        Element e = first(parent, EB, localName);
        return e == null || e.getTextContent().isBlank()
                ? null
                : e.getTextContent().trim();
    }

    private static Element only(Element parent, String ns, String localName, String location) throws EbmsException {
        List<Element> found = children(parent, ns, localName);
        if (found.size() > 1) {
            throw new EbmsException(
                    ErrorCode.Inconsistent, location + "/" + localName, "more than one " + localName + " element");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static Element first(Element parent, String ns, String localName) {
        List<Element> found = children(parent, ns, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    static List<Element> children(Element parent, String ns, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e
                    && (ns == null || ns.equals(e.getNamespaceURI()))
                    && (localName == null || localName.equals(e.getLocalName()))) {
                result.add(e);
            }
        }
        return result;
    }
}
