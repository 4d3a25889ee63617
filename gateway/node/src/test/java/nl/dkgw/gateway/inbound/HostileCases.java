package nl.dkgw.gateway.inbound;

import static nl.dkgw.gateway.ebms.ErrorCode.Inconsistent;
import static nl.dkgw.gateway.ebms.ErrorCode.MimeProblem;
import static nl.dkgw.gateway.ebms.ErrorCode.NotSupported;
import static nl.dkgw.gateway.ebms.ErrorCode.OtherXml;
import static nl.dkgw.gateway.ebms.ErrorCode.SecurityFailure;
import static nl.dkgw.gateway.ebms.ErrorCode.TimeToLiveExpired;
import static nl.dkgw.gateway.ebms.ErrorCode.ValueNotRecognized;
import static nl.dkgw.gateway.inbound.HostileCase.mutate;
import static nl.dkgw.gateway.inbound.HostileCase.plain;
import static nl.dkgw.gateway.inbound.HostileCase.raw;
import static nl.dkgw.gateway.inbound.HostileCase.refused;
import static nl.dkgw.gateway.inbound.HostileCase.unreadable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.inbound.EbmsTestClient.Post;
import nl.dkgw.gateway.inbound.HostileCase.Sender;

/**
 * The hostile inbound messages. Each is the valid osb-rm message of {@link InboundMessage#valid} with one thing
 * broken. Posts whose MIME package, XML or ebMS envelope structure cannot be read are answered HTTP 400 with a
 * MessageError; readable ebMS messages that break a rule of the CPA or of Digikoppeling get HTTP 200 with a
 * MessageError; HTTP-level mistakes get their HTTP status.
 */
final class HostileCases {

    /** A well-formed OIN that is in no CPA of the chain. */
    static final String STRANGER_OIN = "00000099000000009000";
    /** The OIN of the third party that has a valid certificate of the chain's PKI but no CPA. */
    static final String THIRD_PARTY_OIN = "00000099000000003000";

    private static final String XXE_DOCTYPE =
            "<!DOCTYPE SOAP:Envelope [\n" + "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n" + "]>\n";
    private static final String LAUGHS_DOCTYPE = "<!DOCTYPE SOAP:Envelope [\n"
            + "  <!ENTITY lol \"lol\">\n"
            + "  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
            + "  <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
            + "  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
            + "  <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
            + "  <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
            + "  <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
            + "  <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
            + "  <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
            + "  <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
            + "]>\n";

    private HostileCases() {}

    /** A header value of {@code length} characters. */
    static String longer(int length) {
        return "x".repeat(length);
    }

    static List<HostileCase> all() {
        return List.of(
                // --- the MIME package -------------------------------------------------------------------------
                raw(
                        "not multipart: application/json",
                        m -> Post.of("application/json", "{\"messageId\":\"" + m.messageId + "\"}"),
                        unreadable(MimeProblem, "multipart/related", "Content-Type")),
                raw(
                        "no Content-Type header at all",
                        m -> Post.of(null, m.body()),
                        unreadable(MimeProblem, "no Content-Type", "Content-Type")),
                raw(
                        "Content-Type header that cannot be parsed",
                        m -> Post.of("multipart/related; boundary=\"" + m.boundary + "; type=", m.body()),
                        unreadable(MimeProblem, "cannot be parsed", "Content-Type")),
                raw(
                        "multipart/related with no parts at all",
                        m -> Post.of(
                                m.httpContentType(),
                                ("--" + m.boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)),
                        unreadable(MimeProblem, "start boundary", "MIME")),
                mutate(
                        "multipart/related without a boundary parameter",
                        m -> m.contentType =
                                "multipart/related; type=\"text/xml\"; start=\"<" + m.soapContentId + ">\"",
                        unreadable(MimeProblem, "boundary", "Content-Type")),
                mutate(
                        "multipart/related whose type parameter is not text/xml",
                        m -> m.contentType = "multipart/related; type=\"application/soap+xml\"; boundary=\""
                                + m.boundary + "\"; start=\"<" + m.soapContentId + ">\"",
                        unreadable(MimeProblem, "type parameter")),
                mutate(
                        "truncated multipart without its closing boundary",
                        m -> m.closingBoundary = false,
                        unreadable(MimeProblem, "end boundary", "MIME")),
                mutate(
                        "start parameter names a part that is not there",
                        m -> m.start = "<nowhere@hostile.test>",
                        unreadable(MimeProblem, "start parameter", "Content-Type")),
                mutate(
                        "SOAP part is application/octet-stream instead of text/xml",
                        m -> m.soapPartContentType = "application/octet-stream",
                        unreadable(MimeProblem, "must be text/xml")),
                mutate(
                        "more payload parts than the limit of 100",
                        m -> {
                            for (int i = 0; i < 101; i++) {
                                m.addPayload(
                                        InboundMessage.Part.xml("extra-" + i + "@hostile.test", "<n>" + i + "</n>"));
                            }
                        },
                        unreadable(MimeProblem, "at most 100")),

                // --- the XML of the SOAP part ----------------------------------------------------------------
                mutate(
                        "SOAP part is not XML at all",
                        m -> m.rawSoapPart = "MessageHeader: From=ggd; To=rivm".getBytes(StandardCharsets.UTF_8),
                        unreadable(OtherXml, "not acceptable XML", "SOAP part")),
                mutate(
                        "DOCTYPE with an external entity (XXE) reading /etc/passwd",
                        m -> {
                            m.prolog = XXE_DOCTYPE;
                            m.extraHeaderBlocks.add("<x:Leak xmlns:x=\"urn:hostile\">&xxe;</x:Leak>");
                        },
                        unreadable(OtherXml, "DOCTYPE", "SOAP part")),
                mutate(
                        "billion-laughs entity expansion",
                        m -> {
                            m.prolog = LAUGHS_DOCTYPE;
                            m.extraHeaderBlocks.add("<x:Laugh xmlns:x=\"urn:hostile\">&lol9;</x:Laugh>");
                        },
                        unreadable(OtherXml, "DOCTYPE", "SOAP part")),
                mutate(
                        "SOAP 1.2 envelope namespace",
                        m -> m.envelopeNamespace = "http://www.w3.org/2003/05/soap-envelope",
                        unreadable(OtherXml, "SOAP 1.1")),

                // --- the ebMS envelope structure ---------------------------------------------------------------
                mutate(
                        "no SOAP Header",
                        m -> m.soapHeader = false,
                        unreadable(Inconsistent, "Header is missing", "SOAP:Header")),
                mutate(
                        "no SOAP Body",
                        m -> m.soapBody = false,
                        unreadable(Inconsistent, "Body is missing", "SOAP:Body")),
                mutate(
                        "no eb:MessageHeader",
                        m -> m.messageHeaders = 0,
                        unreadable(Inconsistent, "MessageHeader is missing", "eb:MessageHeader")),
                mutate(
                        "two eb:MessageHeader elements",
                        m -> m.messageHeaders = 2,
                        unreadable(Inconsistent, "more than one MessageHeader", "MessageHeader")),
                mutate(
                        "eb:MessageHeader of ebMS version 1.0",
                        m -> m.version = "1.0",
                        unreadable(NotSupported, "version '1.0'", "eb:MessageHeader/@eb:version")),
                mutate(
                        "unknown header element marked mustUnderstand",
                        m -> m.extraHeaderBlocks.add(
                                "<x:Billing xmlns:x=\"urn:example:billing\" SOAP:mustUnderstand=\"1\">42</x:Billing>"),
                        unreadable(NotSupported, "mustUnderstand", "Billing")),
                mutate("no eb:CPAId", m -> m.cpaId = null, unreadable(Inconsistent, "CPAId is missing", "eb:CPAId")),
                mutate(
                        "no eb:ConversationId",
                        m -> m.conversationId = null,
                        unreadable(Inconsistent, "ConversationId is missing", "eb:ConversationId")),
                mutate(
                        "no eb:MessageId",
                        m -> m.messageId = null,
                        unreadable(Inconsistent, "MessageId is missing", "eb:MessageId")),
                mutate(
                        "eb:Timestamp that is not an xsd:dateTime",
                        m -> m.timestamp = "yesterday afternoon",
                        unreadable(OtherXml, "xsd:dateTime", "eb:Timestamp")),

                // --- header values longer than the store keeps: an ebMS error before anything is stored --------
                mutate(
                        "eb:MessageId of 300 characters",
                        m -> m.messageId = longer(300) + "@hostile.test",
                        refused(Inconsistent, "at most 256", "eb:MessageId")),
                mutate(
                        "eb:ConversationId of 257 characters",
                        m -> m.conversationId = longer(257),
                        refused(Inconsistent, "at most 256", "eb:ConversationId")),
                mutate(
                        "eb:CPAId of 1000 characters",
                        m -> m.cpaId = longer(1000),
                        refused(Inconsistent, "at most 256", "eb:CPAId")),
                mutate(
                        "eb:Service of 513 characters",
                        m -> m.service = longer(513),
                        refused(Inconsistent, "at most 512", "eb:Service")),
                mutate(
                        "eb:Action of 300 characters",
                        m -> m.action = longer(300),
                        refused(Inconsistent, "at most 256", "eb:Action")),
                mutate(
                        "eb:From/eb:Role of 300 characters",
                        m -> m.fromRole = longer(300),
                        refused(Inconsistent, "at most 256", "eb:From/eb:Role")),
                mutate(
                        "eb:To/eb:PartyId of 300 characters",
                        m -> m.toParty = longer(300),
                        refused(Inconsistent, "at most 256", "eb:To/eb:PartyId")),
                mutate(
                        "payload Content-ID of 600 characters",
                        m -> m.addPayload(InboundMessage.Part.xml(longer(600) + "@hostile.test", "<long/>")),
                        refused(Inconsistent, "at most 512", "Content-ID")),

                // --- what the CPA agrees -----------------------------------------------------------------------
                mutate(
                        "unknown CPAId",
                        m -> m.cpaId = "dkgw-demo-osb-rm_no_such_cpa_1",
                        refused(ValueNotRecognized, "not known", "eb:CPAId")),
                mutate(
                        "From party not in the CPA",
                        m -> m.fromParty = STRANGER_OIN,
                        refused(ValueNotRecognized, STRANGER_OIN, "eb:From")),
                mutate(
                        "To party not in the CPA",
                        m -> m.toParty = STRANGER_OIN,
                        refused(ValueNotRecognized, STRANGER_OIN, null)),
                mutate(
                        "From PartyId of another type than urn:osb:oin",
                        m -> m.fromPartyType = "urn:osb:kvk",
                        refused(ValueNotRecognized, "has no party", "eb:From")),
                mutate(
                        "From role that is the To party's role",
                        m -> m.fromRole = m.toRole,
                        refused(ValueNotRecognized, "is not the role", "eb:From/eb:Role")),
                mutate(
                        "To role that is the From party's role",
                        m -> m.toRole = m.fromRole,
                        refused(ValueNotRecognized, "is not the role", "eb:To/eb:Role")),
                mutate(
                        "service the CPA does not name",
                        m -> m.service = "dkgw:unknown:1.0",
                        refused(ValueNotRecognized, "does not name service", "eb:Service")),
                mutate(
                        "action the service does not have",
                        m -> m.action = "DeleteAllRecords",
                        refused(ValueNotRecognized, "has no action", "eb:Action")),
                mutate(
                        "action the consumer may only receive, not send",
                        m -> m.action = LocalChain.TO_CONSUMER,
                        refused(ValueNotRecognized, "may not send", "eb:Action")),
                mutate(
                        "service type other than the CPA's",
                        m -> m.serviceType = "urn:example:services",
                        refused(ValueNotRecognized, "service type", "eb:Service/@eb:type")),
                mutate(
                        "unknown action of the MSH service",
                        m -> {
                            m.service = Namespaces.MSH_SERVICE;
                            m.serviceType = null;
                            m.action = "Reboot";
                        },
                        refused(ValueNotRecognized, "not an action of the MSH service", "eb:Action")),

                // --- reliability and delivery semantics ---------------------------------------------------------
                mutate(
                        "TimeToLive in the past",
                        m -> m.timeToLive = InboundMessage.format(Instant.now().minus(5, ChronoUnit.MINUTES)),
                        refused(TimeToLiveExpired, "has passed", "eb:TimeToLive")),
                mutate(
                        "AckRequested for the nextMSH actor",
                        m -> m.ackRequestedActor = Namespaces.ACTOR_NEXT_MSH,
                        refused(NotSupported, "nextMSH", "eb:AckRequested")),
                mutate(
                        "AckRequested missing on an osb-rm channel",
                        m -> m.ackRequestedActor = null,
                        refused(Inconsistent, "requires AckRequested", "eb:AckRequested")),
                mutate(
                        "signed acknowledgment asked on an unsigned channel",
                        m -> m.ackSigned = true,
                        refused(Inconsistent, "signed acknowledgment", "eb:AckRequested/@eb:signed")),
                mutate(
                        "DuplicateElimination missing although the CPA requires it",
                        m -> m.duplicateElimination = false,
                        refused(Inconsistent, "DuplicateElimination is absent", "eb:DuplicateElimination")),
                mutate(
                        "MessageOrder although the CPA does not agree it",
                        m -> m.sequenceNumber = 0L,
                        refused(NotSupported, "MessageOrder", "eb:MessageOrder")),
                mutate(
                        "SyncReply although the CPA's syncReplyMode is none",
                        m -> m.syncReply = true,
                        refused(Inconsistent, "SyncReply is present", "eb:SyncReply")),

                // --- manifest and payload parts -----------------------------------------------------------------
                mutate(
                        "manifest reference to a cid part that is not in the message",
                        m -> m.manifest.add("cid:missing-part@hostile.test"),
                        refused(MimeProblem, "no MIME part", "eb:Manifest")),
                mutate(
                        "manifest reference to an external http URL",
                        m -> m.manifest.add("http://attacker.example/payload.xml"),
                        refused(NotSupported, "cid:", "eb:Manifest")),
                mutate(
                        "payload part that the manifest does not reference",
                        m -> m.payloads.add(InboundMessage.Part.xml("smuggled@hostile.test", "<smuggled/>")),
                        refused(Inconsistent, "not referenced", "eb:Manifest")),
                mutate(
                        "payload parts but no manifest",
                        m -> m.manifest = null,
                        refused(Inconsistent, "no eb:Manifest", "eb:Manifest")),

                // --- who sends it -------------------------------------------------------------------------------
                mutate(
                                "client certificate of a third party (own OIN, valid chain) claiming to be the consumer",
                                m -> {},
                                refused(SecurityFailure, THIRD_PARTY_OIN, "eb:From/eb:PartyId"))
                        .sentBy(Sender.THIRD_PARTY),
                mutate(
                                "client certificate of the provider claiming to be the consumer",
                                m -> {},
                                refused(
                                        SecurityFailure,
                                        "TLS client certificate belongs to OIN " + LocalChain.PROVIDER.oin(),
                                        "eb:From/eb:PartyId"))
                        .sentBy(Sender.PROVIDER),

                // --- HTTP -----------------------------------------------------------------------------------------
                raw(
                        "GET instead of POST",
                        m -> new Post("GET", "/ebms", null, null, false, "\"ebXML\""),
                        plain(405, "POST only")),
                raw(
                        "DELETE instead of POST",
                        m -> new Post("DELETE", "/ebms", null, null, false, "\"ebXML\""),
                        plain(405, "POST only")),
                raw(
                        "POST to another path than /ebms",
                        m -> Post.of(m.httpContentType(), new byte[0]).withPath("/ebXML"),
                        plain(404, "no ebMS endpoint")),
                raw(
                        "POST to a path below /ebms",
                        m -> Post.of(m.httpContentType(), new byte[0]).withPath("/ebms/extra"),
                        plain(404, "no ebMS endpoint")));
    }
}
