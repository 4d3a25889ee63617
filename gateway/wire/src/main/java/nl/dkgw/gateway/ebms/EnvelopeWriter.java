package nl.dkgw.gateway.ebms;

import static nl.dkgw.gateway.ebms.Namespaces.EB;
import static nl.dkgw.gateway.ebms.Namespaces.SOAP;
import static nl.dkgw.gateway.ebms.Namespaces.XLINK;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.dom.DOMResult;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.gateway.xml.XmlBytes;
import org.w3c.dom.Document;

/**
 * Writes an {@link EbmsMessage} as a SOAP 1.1 envelope with the ebMS 2.0 header and body elements. An optional element
 * or attribute whose value is absent (null or blank) is left out: {@code msg-header-2_0.xsd} allows it to be missing
 * but not empty. A required one without a value is a programming error and refused, never written empty.
 *
 * <p>The envelope is written once, as a stream of StAX events, to one of two targets: {@link #bytes} writes the
 * UTF-8 text straight away (an envelope that is not signed never becomes a tree), {@link #write} builds a DOM
 * document, which XML-DSig needs to sign it.
 */
public final class EnvelopeWriter {

    /**
     * One factory per thread: the JDK's factory makes a new writer per call, but its properties are not documented
     * as safe to share. {@code newDefaultFactory} names the JDK's own, so no class-path scan per envelope.
     */
    private static final ThreadLocal<XMLOutputFactory> OUTPUT =
            ThreadLocal.withInitial(XMLOutputFactory::newDefaultFactory);

    /** The envelope as UTF-8 bytes, written as a stream ({@link XmlBytes}), for a message sent unsigned. */
    public byte[] bytes(EbmsMessage m) {
        try {
            return XmlBytes.of(xml -> writeDocument(xml, m));
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the envelope: " + e.getMessage(), e);
        }
    }

    /** The envelope as a DOM document, for a message that is signed before it goes on the wire. */
    public Document write(EbmsMessage m) {
        Document doc = SafeXml.newDocument();
        try {
            XMLStreamWriter xml = OUTPUT.get().createXMLStreamWriter(new DOMResult(doc));
            try {
                writeDocument(xml, m);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the envelope: " + e.getMessage(), e);
        }
        return doc;
    }

    private static void writeDocument(XMLStreamWriter xml, EbmsMessage m) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        new Envelope(xml).write(m);
        xml.writeEndDocument();
    }

    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** One envelope being written: the elements open now, so a missing required value can say where it was due. */
    private static final class Envelope {
        private final XMLStreamWriter xml;
        private final Deque<String> open = new ArrayDeque<>();

        Envelope(XMLStreamWriter xml) {
            this.xml = xml;
        }

        void write(EbmsMessage m) throws XMLStreamException {
            start(SOAP, "SOAP:Envelope");
            xml.writeNamespace("SOAP", SOAP);
            xml.writeNamespace("eb", EB);
            xml.writeNamespace("xlink", XLINK);
            start(SOAP, "SOAP:Header");
            writeHeader(m);
            end();
            start(SOAP, "SOAP:Body");
            writeBody(m);
            end();
            end();
        }

        private void writeHeader(EbmsMessage m) throws XMLStreamException {
            writeMessageHeader(m.header());
            if (m.ackRequested() != null) {
                headerExtension("eb:AckRequested");
                String actor = m.ackRequested().actor();
                if (actor != null && !actor.isBlank()) {
                    attribute(SOAP, "SOAP:actor", actor);
                }
                attribute(EB, "eb:signed", Boolean.toString(m.ackRequested().signed()));
                end();
            }
            if (m.syncReply()) {
                headerExtension("eb:SyncReply");
                attribute(SOAP, "SOAP:actor", Namespaces.SOAP_ACTOR_NEXT);
                end();
            }
            if (m.sequenceNumber() != null) {
                headerExtension("eb:MessageOrder");
                text("eb:SequenceNumber", Long.toString(m.sequenceNumber()));
                end();
            }
            if (m.acknowledgment() != null) {
                headerExtension("eb:Acknowledgment");
                attribute(SOAP, "SOAP:actor", Namespaces.ACTOR_TO_PARTY_MSH);
                text("eb:Timestamp", timestamp(m.acknowledgment().timestamp()));
                text("eb:RefToMessageId", m.acknowledgment().refToMessageId());
                if (m.header().from() != null) {
                    start(EB, "eb:From");
                    partyId(m.header().from(), "eb:Acknowledgment/eb:From");
                    end();
                }
                end();
            }
            if (!m.errors().isEmpty()) {
                writeErrorList(m);
            }
        }

        private void writeMessageHeader(MessageHeader h) throws XMLStreamException {
            headerExtension("eb:MessageHeader");
            start(EB, "eb:From");
            partyId(h.from(), "eb:From");
            optionalText("eb:Role", h.fromRole());
            end();
            start(EB, "eb:To");
            partyId(h.to(), "eb:To");
            optionalText("eb:Role", h.toRole());
            end();
            text("eb:CPAId", h.cpaId());
            text("eb:ConversationId", h.conversationId());
            required("eb:Service", h.service());
            start(EB, "eb:Service");
            optionalAttribute("eb:type", h.serviceType());
            xml.writeCharacters(h.service());
            end();
            text("eb:Action", h.action());
            start(EB, "eb:MessageData");
            text("eb:MessageId", h.messageId());
            text("eb:Timestamp", h.timestamp() == null ? null : timestamp(h.timestamp()));
            optionalText("eb:RefToMessageId", h.refToMessageId());
            if (h.timeToLive() != null) {
                text("eb:TimeToLive", timestamp(h.timeToLive()));
            }
            end();
            if (h.duplicateElimination()) {
                start(EB, "eb:DuplicateElimination");
                end();
            }
            end();
        }

        private void writeErrorList(EbmsMessage m) throws XMLStreamException {
            headerExtension("eb:ErrorList");
            boolean anyError = m.errors().stream().anyMatch(e -> e.severity() == EbmsError.Severity.Error);
            attribute(EB, "eb:highestSeverity", anyError ? "Error" : "Warning");
            for (EbmsError e : m.errors()) {
                start(EB, "eb:Error");
                attribute(EB, "eb:codeContext", Namespaces.ERROR_CODE_CONTEXT);
                attribute(EB, "eb:errorCode", e.code().name());
                attribute(EB, "eb:severity", e.severity().name());
                if (e.location() != null && !e.location().isEmpty()) {
                    attribute(EB, "eb:location", e.location());
                }
                if (e.description() != null && !e.description().isBlank()) {
                    start(EB, "eb:Description");
                    attribute(XMLConstants.XML_NS_URI, "xml:lang", "en");
                    xml.writeCharacters(e.description());
                    end();
                }
                end();
            }
            end();
        }

        private void writeBody(EbmsMessage m) throws XMLStreamException {
            if (m.manifest() != null) {
                start(EB, "eb:Manifest");
                attribute(EB, "eb:version", "2.0");
                for (String href : m.manifest()) {
                    start(EB, "eb:Reference");
                    attribute(XLINK, "xlink:href", href);
                    attribute(XLINK, "xlink:type", "simple");
                    end();
                }
                end();
            }
            if (m.statusRequestRef() != null) {
                start(EB, "eb:StatusRequest");
                attribute(EB, "eb:version", "2.0");
                text("eb:RefToMessageId", m.statusRequestRef());
                end();
            }
            if (m.statusResponse() != null) {
                start(EB, "eb:StatusResponse");
                attribute(EB, "eb:version", "2.0");
                attribute(EB, "eb:messageStatus", m.statusResponse().messageStatus());
                text("eb:RefToMessageId", m.statusResponse().refToMessageId());
                if (m.statusResponse().timestamp() != null) {
                    text("eb:Timestamp", timestamp(m.statusResponse().timestamp()));
                }
                end();
            }
        }

        /** Opens a header block: every ebMS one says it must be understood and which version it is. */
        private void headerExtension(String qname) throws XMLStreamException {
            start(EB, qname);
            attribute(SOAP, "SOAP:mustUnderstand", "1");
            attribute(EB, "eb:version", "2.0");
        }

        private void partyId(PartyId party, String where) throws XMLStreamException {
            if (party == null) {
                throw new IllegalArgumentException(where + " needs an eb:PartyId");
            }
            required("eb:PartyId", party.value());
            start(EB, "eb:PartyId");
            optionalAttribute("eb:type", party.type());
            xml.writeCharacters(party.value());
            end();
        }

        /** A required element: its value must not be empty. */
        private void text(String qname, String value) throws XMLStreamException {
            required(qname, value);
            start(EB, qname);
            xml.writeCharacters(value);
            end();
        }

        private void required(String qname, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(open.peek() + "/" + qname + " is required and has no value");
            }
        }

        /** An optional element: written only when there is a value. */
        private void optionalText(String qname, String value) throws XMLStreamException {
            if (value != null && !value.isBlank()) {
                text(qname, value);
            }
        }

        private void optionalAttribute(String qname, String value) throws XMLStreamException {
            if (value != null && !value.isBlank()) {
                attribute(EB, qname, value);
            }
        }

        private void start(String namespace, String qname) throws XMLStreamException {
            int colon = qname.indexOf(':');
            xml.writeStartElement(qname.substring(0, colon), qname.substring(colon + 1), namespace);
            open.push(qname);
        }

        private void end() throws XMLStreamException {
            xml.writeEndElement();
            open.pop();
        }

        private void attribute(String namespace, String qname, String value) throws XMLStreamException {
            int colon = qname.indexOf(':');
            xml.writeAttribute(qname.substring(0, colon), namespace, qname.substring(colon + 1), value);
        }
    }
}
