package nl.dkgw.gateway.ebms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.xsd.EnvelopeSchemaCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every kind of envelope the writer and the signal factory make, with and without roles, conforms to the official
 * ebMS 2.0 schemas (SOAP 1.1 envelope, msg-header-2_0.xsd, xmldsig), each eb: block validated strictly. The signed and
 * encrypted forms, as two nodes exchange them, are checked by the chain test in the inbound package.
 */
class WrittenEnvelopeSchemaTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final PartyId A = PartyId.oin("00000099000000001000");
    private static final PartyId B = PartyId.oin("00000099000000002000");
    private static final SignalFactory SIGNALS = new SignalFactory(new MessageIds("dkgw.test"));
    private static final EnvelopeWriter WRITER = new EnvelopeWriter();

    private static MessageHeader userHeader(boolean roles, String serviceType) {
        return new MessageHeader(
                "cpa_1",
                "conv-1",
                A,
                roles ? "Aanleverer" : null,
                B,
                roles ? "Ontvanger" : null,
                "dgl:ontvangen:1.0",
                serviceType,
                "Send",
                "id-1@x",
                NOW,
                null,
                NOW.plusSeconds(3600),
                true);
    }

    private static EbmsMessage userMessage(boolean roles, String serviceType, boolean reliable, Long sequence) {
        return new EbmsMessage(
                userHeader(roles, serviceType),
                reliable ? new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, true) : null,
                reliable,
                sequence,
                null,
                List.of(),
                List.of("cid:p1@x", "cid:p2@x"),
                null,
                null,
                List.of());
    }

    /** What the inbound side answers a post it cannot read at all: a header with nothing in it. */
    private static MessageHeader nothingKnown() {
        return new MessageHeader(null, null, null, null, null, null, null, null, null, null, null, null, null, false);
    }

    static Stream<Arguments> envelopes() {
        List<Arguments> all = new ArrayList<>();
        for (boolean roles : new boolean[] {true, false}) {
            String r = roles ? " with roles" : " without roles";
            MessageHeader user = userHeader(roles, "urn:osb:services");
            EbmsMessage ping = SIGNALS.request(
                    "cpa_1", A, roles ? "Aanleverer" : null, B, roles ? "Ontvanger" : null, "Ping", null, true);
            EbmsMessage statusRequest = SIGNALS.request(
                    "cpa_1",
                    A,
                    roles ? "Aanleverer" : null,
                    B,
                    roles ? "Ontvanger" : null,
                    "StatusRequest",
                    "id-1@x",
                    false);
            all.add(Arguments.of("reliable user message" + r, userMessage(roles, "urn:osb:services", true, null)));
            all.add(Arguments.of(
                    "best-effort user message, no service type" + r, userMessage(roles, null, false, null)));
            all.add(Arguments.of("ordered user message" + r, userMessage(roles, "urn:osb:services", true, 0L)));
            all.add(Arguments.of("Acknowledgment" + r, SIGNALS.acknowledgment(user)));
            all.add(Arguments.of(
                    "MessageError" + r,
                    SIGNALS.messageError(
                            user,
                            List.of(
                                    EbmsError.error(ErrorCode.ValueNotRecognized, "//eb:CPAId", "unknown CPA"),
                                    new EbmsError(ErrorCode.Inconsistent, EbmsError.Severity.Warning, null, "")))));
            all.add(Arguments.of("Ping" + r, ping));
            all.add(Arguments.of("Pong" + r, SIGNALS.pong(ping.header())));
            all.add(Arguments.of("StatusRequest" + r, statusRequest));
            all.add(Arguments.of(
                    "StatusResponse" + r, SIGNALS.statusResponse(statusRequest.header(), "id-1@x", "Received", NOW)));
            all.add(Arguments.of(
                    "StatusResponse NotRecognized" + r,
                    SIGNALS.statusResponse(statusRequest.header(), "id-1@x", "NotRecognized", null)));
            // the other SyncReply form of each request: with syncReplyMode none (Ping) and mshSignalsOnly
            // (StatusRequest), as the CPA asks
            all.add(Arguments.of(
                    "Ping without SyncReply" + r,
                    SIGNALS.request(
                            "cpa_1",
                            A,
                            roles ? "Aanleverer" : null,
                            B,
                            roles ? "Ontvanger" : null,
                            "Ping",
                            null,
                            false)));
            all.add(Arguments.of(
                    "StatusRequest with SyncReply" + r,
                    SIGNALS.request(
                            "cpa_1",
                            A,
                            roles ? "Aanleverer" : null,
                            B,
                            roles ? "Ontvanger" : null,
                            "StatusRequest",
                            "id-1@x",
                            true)));
        }
        all.add(Arguments.of(
                "MessageError for an unreadable post",
                SIGNALS.messageError(
                        nothingKnown(),
                        List.of(EbmsError.error(
                                ErrorCode.OtherXml, "SOAP part", "the SOAP part is not acceptable XML")))));
        all.add(Arguments.of(
                "MessageError whose text and attributes need escaping",
                SIGNALS.messageError(
                        userHeader(true, "urn:osb:services"),
                        List.of(EbmsError.error(
                                ErrorCode.Inconsistent,
                                "//eb:Service[@eb:type=\"a&b\"]",
                                "<Service> & 'type' differ: \"x\" > \"y\"")))));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void conformsToTheSchemas(String kind, EbmsMessage message) throws Exception {
        Document written = WRITER.write(message);

        assertThat(EnvelopeSchemaCheck.problems(written)).as(kind).isEmpty();
        assertThat(EnvelopeSchemaCheck.problems(SafeXml.serialize(written)))
                .as(kind + ", as sent")
                .isEmpty();
        assertThat(EnvelopeSchemaCheck.problems(WRITER.bytes(message)))
                .as(kind + ", written as a stream")
                .isEmpty();
    }

    /** The two targets of the one writer: the bytes of an unsigned envelope and the tree a signer gets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void theStreamedEnvelopeIsTheTreeASignerGets(String kind, EbmsMessage message) throws Exception {
        Document streamed = SafeXml.parse(WRITER.bytes(message));
        Document tree = WRITER.write(message);

        assertThat(streamed.getDocumentElement().isEqualNode(tree.getDocumentElement()))
                .as(
                        kind + ":\n%s\n%s",
                        new String(WRITER.bytes(message), StandardCharsets.UTF_8),
                        new String(SafeXml.serialize(tree), StandardCharsets.UTF_8))
                .isTrue();
        assertThat(new EnvelopeReader().read(streamed, List.of()).header())
                .isEqualTo(new EnvelopeReader().read(tree, List.of()).header());
    }

    @Test
    void textThatLooksLikeMarkupIsWrittenAsText() throws Exception {
        EbmsMessage error = SIGNALS.messageError(
                userHeader(false, null),
                List.of(EbmsError.error(ErrorCode.Inconsistent, "//eb:Service[@eb:type=\"a&b\"]", "<b>&amp;</b>")));

        Document read = SafeXml.parse(WRITER.bytes(error));

        Element written =
                (Element) read.getElementsByTagNameNS(Namespaces.EB, "Error").item(0);
        assertThat(written.getAttributeNS(Namespaces.EB, "location")).isEqualTo("//eb:Service[@eb:type=\"a&b\"]");
        assertThat(written.getElementsByTagNameNS(Namespaces.EB, "Description")
                        .item(0)
                        .getTextContent())
                .isEqualTo("<b>&amp;</b>");
    }

    @Test
    void aReplyToARequestWithoutRolesHasNoRoleElementAtAll() {
        EbmsMessage ping = SIGNALS.request("cpa_1", A, null, B, null, "Ping", null, true);

        Document pong = WRITER.write(SIGNALS.pong(ping.header()));

        assertThat(pong.getElementsByTagNameNS(Namespaces.EB, "Role").getLength())
                .isZero();
    }

    @Test
    void theCheckCatchesAnEmptyRoleWhereTheWriterOnceWroteOne() {
        Document pong = WRITER.write(SIGNALS.pong(
                SIGNALS.request("cpa_1", A, null, B, null, "Ping", null, true).header()));
        Element from =
                (Element) pong.getElementsByTagNameNS(Namespaces.EB, "From").item(0);
        from.appendChild(pong.createElementNS(Namespaces.EB, "eb:Role"));

        assertThat(EnvelopeSchemaCheck.problems(pong))
                .anySatisfy(p -> assertThat(p).contains("eb:Role"));
    }

    @Test
    void aRequiredValueThatIsMissingIsRefusedInsteadOfWrittenEmpty() {
        MessageHeader noAction = new MessageHeader(
                "cpa_1", "conv-1", A, null, B, null, "svc", null, " ", "id-1@x", NOW, null, null, false);
        EbmsMessage m = new EbmsMessage(noAction, null, false, null, null, List.of(), null, null, null, List.of());

        assertThatThrownBy(() -> WRITER.write(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eb:MessageHeader/eb:Action");
        assertThatThrownBy(() -> WRITER.bytes(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eb:MessageHeader/eb:Action");
    }
}
