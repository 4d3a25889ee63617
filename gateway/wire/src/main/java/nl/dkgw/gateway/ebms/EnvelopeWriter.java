package nl.dkgw.gateway.ebms;

import static nl.dkgw.gateway.ebms.Namespaces.EB;
import static nl.dkgw.gateway.ebms.Namespaces.SOAP;
import static nl.dkgw.gateway.ebms.Namespaces.XLINK;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes an {@link EbmsMessage} as a SOAP 1.1 envelope with the ebMS 2.0 header and body elements. An optional element
 * or attribute whose value is absent (null or blank) is left out: {@code msg-header-2_0.xsd} allows it to be missing
 * but not empty. A required one without a value is a programming error and refused, never written empty.
 */
public final class EnvelopeWriter {

    public Document write(EbmsMessage m) {
        Document doc = SafeXml.newDocument();
        Element envelope = doc.createElementNS(SOAP, "SOAP:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:SOAP", SOAP);
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:eb", EB);
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xlink", XLINK);
        doc.appendChild(envelope);
        Element header = child(envelope, SOAP, "SOAP:Header");
        Element body = child(envelope, SOAP, "SOAP:Body");

        writeMessageHeader(header, m.header());
        if (m.ackRequested() != null) {
            Element ack = headerExtension(header, "eb:AckRequested");
            String actor = m.ackRequested().actor();
            if (actor != null && !actor.isBlank()) {
                ack.setAttributeNS(SOAP, "SOAP:actor", actor);
            }
            ack.setAttributeNS(
                    EB, "eb:signed", Boolean.toString(m.ackRequested().signed()));
        }
        if (m.syncReply()) {
            Element sync = headerExtension(header, "eb:SyncReply");
            sync.setAttributeNS(SOAP, "SOAP:actor", Namespaces.SOAP_ACTOR_NEXT);
        }
        if (m.sequenceNumber() != null) {
            Element order = headerExtension(header, "eb:MessageOrder");
            text(order, "eb:SequenceNumber", Long.toString(m.sequenceNumber()));
        }
        if (m.acknowledgment() != null) {
            Element ack = headerExtension(header, "eb:Acknowledgment");
            ack.setAttributeNS(SOAP, "SOAP:actor", Namespaces.ACTOR_TO_PARTY_MSH);
            text(ack, "eb:Timestamp", timestamp(m.acknowledgment().timestamp()));
            text(ack, "eb:RefToMessageId", m.acknowledgment().refToMessageId());
            if (m.header().from() != null) {
                Element from = child(ack, EB, "eb:From");
                partyId(from, m.header().from(), "eb:Acknowledgment/eb:From");
            }
        }
        if (!m.errors().isEmpty()) {
            Element list = headerExtension(header, "eb:ErrorList");
            boolean anyError = m.errors().stream().anyMatch(e -> e.severity() == EbmsError.Severity.Error);
            list.setAttributeNS(EB, "eb:highestSeverity", anyError ? "Error" : "Warning");
            for (EbmsError e : m.errors()) {
                Element error = child(list, EB, "eb:Error");
                error.setAttributeNS(EB, "eb:codeContext", Namespaces.ERROR_CODE_CONTEXT);
                error.setAttributeNS(EB, "eb:errorCode", e.code().name());
                error.setAttributeNS(EB, "eb:severity", e.severity().name());
                if (e.location() != null && !e.location().isEmpty()) {
                    error.setAttributeNS(EB, "eb:location", e.location());
                }
                Element description = optionalText(error, "eb:Description", e.description());
                if (description != null) {
                    description.setAttributeNS(Namespaces.XML, "xml:lang", "en");
                }
            }
        }

        if (m.manifest() != null) {
            Element manifest = child(body, EB, "eb:Manifest");
            manifest.setAttributeNS(EB, "eb:version", "2.0");
            for (String href : m.manifest()) {
                Element ref = child(manifest, EB, "eb:Reference");
                ref.setAttributeNS(XLINK, "xlink:href", href);
                ref.setAttributeNS(XLINK, "xlink:type", "simple");
            }
        }
        if (m.statusRequestRef() != null) {
            Element request = child(body, EB, "eb:StatusRequest");
            request.setAttributeNS(EB, "eb:version", "2.0");
            text(request, "eb:RefToMessageId", m.statusRequestRef());
        }
        if (m.statusResponse() != null) {
            Element response = child(body, EB, "eb:StatusResponse");
            response.setAttributeNS(EB, "eb:version", "2.0");
            response.setAttributeNS(EB, "eb:messageStatus", m.statusResponse().messageStatus());
            text(response, "eb:RefToMessageId", m.statusResponse().refToMessageId());
            if (m.statusResponse().timestamp() != null) {
                text(response, "eb:Timestamp", timestamp(m.statusResponse().timestamp()));
            }
        }
        return doc;
    }

    private void writeMessageHeader(Element header, MessageHeader h) {
        Element mh = headerExtension(header, "eb:MessageHeader");
        Element from = child(mh, EB, "eb:From");
        partyId(from, h.from(), "eb:From");
        optionalText(from, "eb:Role", h.fromRole());
        Element to = child(mh, EB, "eb:To");
        partyId(to, h.to(), "eb:To");
        optionalText(to, "eb:Role", h.toRole());
        text(mh, "eb:CPAId", h.cpaId());
        text(mh, "eb:ConversationId", h.conversationId());
        Element service = text(mh, "eb:Service", h.service());
        optionalAttribute(service, "eb:type", h.serviceType());
        text(mh, "eb:Action", h.action());
        Element data = child(mh, EB, "eb:MessageData");
        text(data, "eb:MessageId", h.messageId());
        text(data, "eb:Timestamp", h.timestamp() == null ? null : timestamp(h.timestamp()));
        optionalText(data, "eb:RefToMessageId", h.refToMessageId());
        if (h.timeToLive() != null) {
            text(data, "eb:TimeToLive", timestamp(h.timeToLive()));
        }
        if (h.duplicateElimination()) {
            child(mh, EB, "eb:DuplicateElimination");
        }
    }

    private static Element headerExtension(Element header, String name) {
        Element e = child(header, EB, name);
        e.setAttributeNS(SOAP, "SOAP:mustUnderstand", "1");
        e.setAttributeNS(EB, "eb:version", "2.0");
        return e;
    }

    private static void partyId(Element parent, PartyId party, String where) {
        if (party == null) {
            throw new IllegalArgumentException(where + " needs an eb:PartyId");
        }
        Element id = text(parent, "eb:PartyId", party.value());
        optionalAttribute(id, "eb:type", party.type());
    }

    private static Element child(Element parent, String ns, String qname) {
        Element e = parent.getOwnerDocument().createElementNS(ns, qname);
        parent.appendChild(e);
        return e;
    }

    /** A required element: its value must not be empty. */
    private static Element text(Element parent, String qname, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(parent.getNodeName() + "/" + qname + " is required and has no value");
        }
        Element e = child(parent, EB, qname);
        e.setTextContent(value);
        return e;
    }

    /** An optional element: written only when there is a value; null when left out. */
    private static Element optionalText(Element parent, String qname, String value) {
        return value == null || value.isBlank() ? null : text(parent, qname, value);
    }

    private static void optionalAttribute(Element element, String qname, String value) {
        if (value != null && !value.isBlank()) {
            element.setAttributeNS(EB, qname, value);
        }
    }

    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
