package nl.dkgw.chain.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.diagnosis.NodeCredentials;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.xsd.EnvelopeSchemaCheck;

/**
 * The Ping and StatusRequest of the foreign-peer simulator, written the way the reference adapter writes them and
 * not by dkgw's EnvelopeWriter: every namespace declared on the envelope, its own prefixes, posted as bare text/xml,
 * unsigned, eb:SyncReply only where the CPA's syncReplyMode asks for it, and, with
 * {@link ForeignHabit#PING_WITHOUT_ROLES}, no eb:Role. The answer is read strictly: with
 * {@link ForeignHabit#STRICT_SCHEMA} it must be schema-valid, and it must be the Pong or StatusResponse of this
 * request.
 */
final class ForeignRequests {

    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String EBMS = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";
    private static final String NEXT_ACTOR = "http://schemas.xmlsoap.org/soap/actor/next";
    private static final Duration ASYNC_WAIT = Duration.ofSeconds(15);
    private static final int MAX_SHOWN = 4000;

    private final Gateway node;
    private final ForeignWireLayer layer;
    private final boolean syncReply;
    private final SoapWithAttachments mime = new SoapWithAttachments(1000);
    private HttpClient client;

    /**
     * @param syncReply whether the CPAs' default channels say mshSignalsOnly (then the request carries eb:SyncReply)
     */
    ForeignRequests(Gateway node, ForeignWireLayer layer, boolean syncReply) {
        this.node = node;
        this.layer = layer;
        this.syncReply = syncReply;
    }

    SignalExchange ping(String cpaId) {
        return send(cpaId, "Ping", null);
    }

    SignalExchange statusRequest(String cpaId, String messageId) {
        return send(cpaId, "StatusRequest", messageId);
    }

    private SignalExchange send(String cpaId, String action, String about) {
        Optional<Cpa> cpa = node.cpas().find(cpaId);
        if (cpa.isEmpty()) {
            return new SignalExchange(false, null, "CPA " + cpaId + " is not known to the simulator", "", "");
        }
        Optional<PartyId> self = node.selfParty(cpa.get());
        if (self.isEmpty()) {
            return new SignalExchange(false, null, "the simulator is not a party in CPA " + cpaId, "", "");
        }
        PartyId me = self.get();
        PartyId other = cpa.get().parties().stream()
                .filter(p -> !p.equals(me))
                .findFirst()
                .orElse(null);
        if (other == null) {
            return new SignalExchange(false, null, "CPA " + cpaId + " has no other party", "", "");
        }
        URI endpoint;
        try {
            endpoint = cpa.get().signalEndpointOf(other);
        } catch (Exception e) {
            return new SignalExchange(false, null, "no endpoint for " + other.value() + ": " + e.getMessage(), "", "");
        }
        boolean roles = !layer.habits().has(ForeignHabit.PING_WITHOUT_ROLES);
        String id = UUID.randomUUID() + "@foreign-adapter";
        String envelope = envelope(
                cpaId,
                me,
                roles ? cpa.get().roleOf(me).orElse(null) : null,
                other,
                roles ? cpa.get().roleOf(other).orElse(null) : null,
                action,
                id,
                about);
        HttpResponse<byte[]> response;
        try {
            response = client().send(
                            HttpRequest.newBuilder(endpoint)
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "text/xml; charset=UTF-8")
                                    .header("SOAPAction", "\"ebXML\"")
                                    .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SignalExchange(false, id, "interrupted", envelope, "");
        } catch (Exception e) {
            return new SignalExchange(false, id, "no answer from " + endpoint + ": " + e, envelope, "");
        }
        String expected = action.equals("Ping") ? "Pong" : "StatusResponse";
        byte[] body = response.body();
        if (response.statusCode() == 200 && body != null && body.length > 0) {
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            try {
                return judge(
                        id, expected, envelope, mime.unpack(contentType, body).envelope());
            } catch (Exception e) {
                return new SignalExchange(
                        false, id, "the answer is not an ebMS message: " + e.getMessage(), envelope, shown(body));
            }
        }
        if (response.statusCode() / 100 == 2 && !syncReply) {
            // without eb:SyncReply the answer comes on its own connection, to this simulator's endpoint
            try {
                Optional<byte[]> later = layer.awaitReply(id, ASYNC_WAIT);
                if (later.isPresent()) {
                    return judge(id, expected, envelope, later.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SignalExchange(
                    false,
                    id,
                    "No response received: no " + expected + " within " + ASYNC_WAIT.toSeconds() + " s (HTTP "
                            + response.statusCode() + ", nothing on its own)",
                    envelope,
                    shown(body));
        }
        return new SignalExchange(
                false,
                id,
                "No response received: HTTP " + response.statusCode()
                        + (syncReply ? " where a synchronous " + expected + " was asked for (eb:SyncReply)" : ""),
                envelope,
                shown(body));
    }

    private SignalExchange judge(String id, String expected, String request, byte[] answer) {
        String text = shown(answer);
        if (layer.habits().has(ForeignHabit.STRICT_SCHEMA)) {
            Optional<String> problem =
                    EnvelopeSchemaCheck.problems(answer).stream().findFirst();
            if (problem.isPresent()) {
                return new SignalExchange(
                        false, id, "the " + expected + " is refused: " + problem.get(), request, text);
            }
        }
        EbmsMessage m;
        try {
            m = new EnvelopeReader().read(SafeXml.parse(answer), List.of());
        } catch (Exception e) {
            return new SignalExchange(false, id, "the answer cannot be read: " + e.getMessage(), request, text);
        }
        String action = m.header().action();
        String ref = m.header().refToMessageId();
        if (!expected.equals(action) || !id.equals(ref)) {
            return new SignalExchange(
                    false,
                    id,
                    "No valid response received: " + action + " about " + ref
                            + (m.isErrorMessage() ? " " + m.errors() : "") + " instead of a " + expected + " about "
                            + id,
                    request,
                    text);
        }
        String status = m.statusResponse() == null
                ? ""
                : " (messageStatus " + m.statusResponse().messageStatus() + ")";
        return new SignalExchange(
                true,
                id,
                expected + " " + m.header().messageId() + status + " taken"
                        + (layer.habits().has(ForeignHabit.STRICT_SCHEMA) ? ", schema-valid" : ""),
                request,
                text);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            NodeCredentials credentials = NodeCredentials.load(node.config(), node.baseDir());
            SSLContext context =
                    TlsContexts.create(credentials.clientKey(), credentials.anchors(), credentials.validator());
            SSLParameters parameters = context.getDefaultSSLParameters();
            TlsPolicy.applyTo(parameters);
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(context)
                    .sslParameters(parameters)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    /** The envelope, in the reference adapter's layout: declarations on the root, SOAP-ENV and eb prefixes. */
    private String envelope(
            String cpaId,
            PartyId from,
            String fromRole,
            PartyId to,
            String toRole,
            String action,
            String id,
            String about) {
        StringBuilder x = new StringBuilder(2048);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
                .append("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"")
                .append(SOAP)
                .append("\" xmlns:eb=\"")
                .append(EBMS)
                .append(
                        "\" xmlns:ns3=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:ns4=\"http://www.w3.org/1999/xlink\">")
                .append("<SOAP-ENV:Header>")
                .append("<eb:MessageHeader SOAP-ENV:mustUnderstand=\"1\" eb:version=\"2.0\">")
                .append(party("From", from, fromRole))
                .append(party("To", to, toRole))
                .append("<eb:CPAId>")
                .append(escaped(cpaId))
                .append("</eb:CPAId>")
                .append("<eb:ConversationId>")
                .append(UUID.randomUUID())
                .append("</eb:ConversationId>")
                .append("<eb:Service>urn:oasis:names:tc:ebxml-msg:service</eb:Service>")
                .append("<eb:Action>")
                .append(action)
                .append("</eb:Action>")
                .append("<eb:MessageData><eb:MessageId>")
                .append(escaped(id))
                .append("</eb:MessageId><eb:Timestamp>")
                .append(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .append("</eb:Timestamp></eb:MessageData>")
                .append("</eb:MessageHeader>");
        if (syncReply) {
            x.append("<eb:SyncReply SOAP-ENV:actor=\"")
                    .append(NEXT_ACTOR)
                    .append("\" SOAP-ENV:mustUnderstand=\"1\" eb:version=\"2.0\"/>");
        }
        x.append("</SOAP-ENV:Header><SOAP-ENV:Body>");
        if (about != null) {
            x.append("<eb:StatusRequest eb:version=\"2.0\"><eb:RefToMessageId>")
                    .append(escaped(about))
                    .append("</eb:RefToMessageId></eb:StatusRequest>");
        }
        return x.append("</SOAP-ENV:Body></SOAP-ENV:Envelope>").toString();
    }

    private static String party(String element, PartyId party, String role) {
        String type = party.type() == null ? "" : " eb:type=\"" + escaped(party.type()) + "\"";
        return "<eb:" + element + "><eb:PartyId" + type + ">" + escaped(party.value())
                + "</eb:PartyId>" + (role == null ? "" : "<eb:Role>" + escaped(role) + "</eb:Role>") + "</eb:"
                + element + ">";
    }

    private static String escaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String shown(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
    }
}
