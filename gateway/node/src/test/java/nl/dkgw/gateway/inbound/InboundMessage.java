package nl.dkgw.gateway.inbound;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.gateway.ebms.Namespaces;

/**
 * An ebMS 2.0 message written as text, field by field, so that a test can break exactly one thing. The defaults
 * ({@link #valid}) are a correct osb-rm user message for the channel: AckRequested for the To party MSH,
 * DuplicateElimination, no SyncReply, one payload referenced from the manifest. A null field leaves its element out.
 * The XML and the multipart/related package are written by hand (not with the gateway's own writer) so the test does
 * not share the code it checks.
 */
final class InboundMessage {

    /** One MIME part after the SOAP part. */
    record Part(String contentId, String contentType, byte[] data) {
        static Part xml(String contentId, String xml) {
            return new Part(contentId, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    // --- the SOAP envelope ------------------------------------------------------------------------------------
    String xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    /** Text between the XML declaration and the root element (a DOCTYPE, for instance). */
    String prolog = "";

    String envelopeNamespace = Namespaces.SOAP;
    boolean soapHeader = true;
    boolean soapBody = true;
    int messageHeaders = 1;
    String version = "2.0";
    String fromParty;
    String fromPartyType = "urn:osb:oin";
    String fromRole;
    String toParty;
    String toPartyType = "urn:osb:oin";
    String toRole;
    String cpaId;
    String conversationId = "conv-" + UUID.randomUUID();
    String service;
    String serviceType;
    String action;
    String messageId = UUID.randomUUID() + "@hostile.test";
    String timestamp = format(Instant.now());
    String timeToLive = format(Instant.now().plus(1, ChronoUnit.HOURS));
    boolean duplicateElimination = true;
    /** SOAP:actor of eb:AckRequested; null: no AckRequested. */
    String ackRequestedActor = Namespaces.ACTOR_TO_PARTY_MSH;

    boolean ackSigned;
    boolean syncReply;
    Long sequenceNumber;
    /** Further SOAP header blocks, as XML text (prefixes SOAP, eb and xlink are declared on the envelope). */
    final List<String> extraHeaderBlocks = new ArrayList<>();
    /** Raw XML blocks written into the SOAP Body after the manifest (an eb:StatusRequest, for instance). */
    final List<String> extraBodyBlocks = new ArrayList<>();
    /** The xlink:href of each eb:Manifest/eb:Reference; null: no eb:Manifest at all. */
    List<String> manifest = new ArrayList<>();
    /** Replaces the whole SOAP part when not null. */
    byte[] rawSoapPart;

    // --- the MIME package -------------------------------------------------------------------------------------
    final List<Part> payloads = new ArrayList<>();
    String boundary = "----=_Part_hostile_" + UUID.randomUUID().toString().replace("-", "");
    String soapContentId = "soap-" + UUID.randomUUID() + "@hostile.test";
    String soapPartContentType = "text/xml; charset=UTF-8";
    /** The start parameter; null: the SOAP part's Content-ID. */
    String start;

    boolean closingBoundary = true;
    /** Replaces the generated HTTP Content-Type when not null. */
    String contentType;

    private InboundMessage() {}

    /** A correct message of the channel's sending party to its receiving party, with one XML payload. */
    static InboundMessage valid(DeliveryChannel channel) {
        InboundMessage m = new InboundMessage();
        m.fromParty = channel.fromParty().value();
        m.fromPartyType = channel.fromParty().type();
        m.fromRole = channel.fromRole();
        m.toParty = channel.toParty().value();
        m.toPartyType = channel.toParty().type();
        m.toRole = channel.toRole();
        m.cpaId = channel.cpaId();
        m.service = channel.service();
        m.serviceType = channel.serviceType();
        m.action = channel.action();
        m.ackRequestedActor = channel.ackRequested() ? Namespaces.ACTOR_TO_PARTY_MSH : null;
        m.duplicateElimination = channel.duplicateElimination();
        m.syncReply = false;
        m.addPayload(Part.xml(
                "payload-" + UUID.randomUUID() + "@hostile.test",
                "<testResult xmlns=\"urn:dkgw:test\"><uitslag>negatief</uitslag></testResult>"));
        return m;
    }

    /** Adds a payload part and its manifest reference. */
    InboundMessage addPayload(Part part) {
        payloads.add(part);
        if (manifest != null) {
            manifest.add("cid:" + part.contentId());
        }
        return this;
    }

    String envelopeXml() {
        StringBuilder x = new StringBuilder();
        x.append(xmlDeclaration).append('\n').append(prolog);
        x.append("<SOAP:Envelope xmlns:SOAP=\"")
                .append(envelopeNamespace)
                .append("\" xmlns:eb=\"")
                .append(Namespaces.EB)
                .append("\" xmlns:xlink=\"")
                .append(Namespaces.XLINK)
                .append("\">\n");
        if (soapHeader) {
            x.append("<SOAP:Header>\n");
            for (int i = 0; i < messageHeaders; i++) {
                messageHeader(x);
            }
            if (ackRequestedActor != null) {
                x.append("<eb:AckRequested SOAP:mustUnderstand=\"1\" eb:version=\"2.0\" SOAP:actor=\"")
                        .append(esc(ackRequestedActor))
                        .append("\" eb:signed=\"")
                        .append(ackSigned)
                        .append("\"/>\n");
            }
            if (syncReply) {
                x.append("<eb:SyncReply SOAP:mustUnderstand=\"1\" eb:version=\"2.0\" SOAP:actor=\"")
                        .append(Namespaces.SOAP_ACTOR_NEXT)
                        .append("\"/>\n");
            }
            if (sequenceNumber != null) {
                x.append("<eb:MessageOrder SOAP:mustUnderstand=\"1\" eb:version=\"2.0\"><eb:SequenceNumber>")
                        .append(sequenceNumber)
                        .append("</eb:SequenceNumber></eb:MessageOrder>\n");
            }
            extraHeaderBlocks.forEach(b -> x.append(b).append('\n'));
            x.append("</SOAP:Header>\n");
        }
        if (soapBody) {
            x.append("<SOAP:Body>\n");
            if (manifest != null) {
                x.append("<eb:Manifest eb:version=\"2.0\">\n");
                for (String href : manifest) {
                    x.append("<eb:Reference xlink:type=\"simple\" xlink:href=\"")
                            .append(esc(href))
                            .append("\"/>\n");
                }
                x.append("</eb:Manifest>\n");
            }
            extraBodyBlocks.forEach(b -> x.append(b).append('\n'));
            x.append("</SOAP:Body>\n");
        }
        x.append("</SOAP:Envelope>\n");
        return x.toString();
    }

    private void messageHeader(StringBuilder x) {
        x.append("<eb:MessageHeader SOAP:mustUnderstand=\"1\" eb:version=\"")
                .append(esc(version))
                .append("\">\n");
        party(x, "From", fromParty, fromPartyType, fromRole);
        party(x, "To", toParty, toPartyType, toRole);
        element(x, "CPAId", cpaId);
        element(x, "ConversationId", conversationId);
        if (service != null) {
            x.append("<eb:Service")
                    .append(serviceType == null ? "" : " eb:type=\"" + esc(serviceType) + "\"")
                    .append('>')
                    .append(esc(service))
                    .append("</eb:Service>\n");
        }
        element(x, "Action", action);
        x.append("<eb:MessageData>");
        element(x, "MessageId", messageId);
        element(x, "Timestamp", timestamp);
        element(x, "TimeToLive", timeToLive);
        x.append("</eb:MessageData>\n");
        if (duplicateElimination) {
            x.append("<eb:DuplicateElimination/>\n");
        }
        x.append("</eb:MessageHeader>\n");
    }

    private static void party(StringBuilder x, String name, String id, String type, String role) {
        x.append("<eb:").append(name).append('>');
        if (id != null) {
            x.append("<eb:PartyId")
                    .append(type == null ? "" : " eb:type=\"" + esc(type) + "\"")
                    .append('>')
                    .append(esc(id))
                    .append("</eb:PartyId>");
        }
        element(x, "Role", role);
        x.append("</eb:").append(name).append(">\n");
    }

    private static void element(StringBuilder x, String name, String value) {
        if (value != null) {
            x.append("<eb:")
                    .append(name)
                    .append('>')
                    .append(esc(value))
                    .append("</eb:")
                    .append(name)
                    .append('>');
        }
    }

    /** The HTTP body: multipart/related with the SOAP part first, then the payloads. */
    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] soap = rawSoapPart != null ? rawSoapPart : envelopeXml().getBytes(StandardCharsets.UTF_8);
        part(out, soapPartContentType, soapContentId, soap);
        for (Part p : payloads) {
            part(out, p.contentType(), p.contentId(), p.data());
        }
        if (closingBoundary) {
            ascii(out, "--" + boundary + "--\r\n");
        }
        return out.toByteArray();
    }

    private void part(ByteArrayOutputStream out, String type, String id, byte[] data) {
        ascii(out, "--" + boundary + "\r\n");
        ascii(out, "Content-Type: " + type + "\r\n");
        ascii(out, "Content-ID: <" + id + ">\r\n");
        ascii(out, "Content-Transfer-Encoding: binary\r\n\r\n");
        out.writeBytes(data);
        ascii(out, "\r\n");
    }

    String httpContentType() {
        if (contentType != null) {
            return contentType;
        }
        return "multipart/related; type=\"text/xml\"; boundary=\"" + boundary + "\"; start=\""
                + (start == null ? "<" + soapContentId + ">" : start) + "\"";
    }

    EbmsTestClient.Post post() {
        return EbmsTestClient.Post.of(httpContentType(), body());
    }

    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
