package nl.dkgw.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.inbound.EbmsTestClient.Answer;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ebMS endpoint refuses at the HTTP level, over real mutual TLS: a request line, header or chunk that cannot
 * be parsed gets 400 with a short plain-text reason (not 408, which is for a body that stopped arriving, and not an
 * HTML page); a post without {@code SOAPAction: "ebXML"} gets 400 naming the header, unless the node is set to
 * {@code ebms.soap-action: lenient}; the value without its quotes is accepted.
 */
@Slow
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpRequestRulesTest {

    private LocalChain chain;
    private DeliveryChannel channel;
    private TrustAnchors anchors;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE);
        Cpa cpa = chain.provider().cpas().find(chain.cpaId(Profile.OSB_RM)).orElseThrow();
        channel = cpa.resolve(
                PartyId.oin(LocalChain.CONSUMER.oin()),
                PartyId.oin(LocalChain.PROVIDER.oin()),
                LocalChain.serviceName(Profile.OSB_RM),
                LocalChain.TO_PROVIDER);
        TestPki pki = chain.pki();
        anchors = TrustAnchors.fromKeyStore(pki.trustStore(), pki.password());
    }

    @AfterAll
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private EbmsTestClient client() {
        return new EbmsTestClient(
                chain.pki().keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                anchors,
                chain.provider().ebmsPort());
    }

    private static void assertPlain400(Answer answer, String word) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("text/plain");
        assertThat(answer.text())
                .as(answer.toString())
                .containsIgnoringCase(word)
                .doesNotContain("<html");
    }

    // --- malformed framing ----------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aChunkSizeLineThatIsNotHexIsRefusedWith400() throws Exception {
        InboundMessage m = InboundMessage.valid(channel);
        byte[] chunked = ("zz\r\n" + "<SOAP:Envelope/>\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        Answer answer = client().sendIncomplete(m.httpContentType(), "Transfer-Encoding: chunked", chunked);

        assertPlain400(answer, "body is malformed");
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    @Order(1)
    void anAbsurdChunkSizeIsRefusedWith400() throws Exception {
        InboundMessage m = InboundMessage.valid(channel);
        byte[] chunked = "FFFFFFFFFFFFFFFFFFFFFFFF\r\n<SOAP:Envelope/>".getBytes(StandardCharsets.US_ASCII);

        Answer answer = client().sendIncomplete(m.httpContentType(), "Transfer-Encoding: chunked", chunked);

        assertPlain400(answer, "body is malformed");
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    @Order(1)
    void aRequestLineThatIsNotHttpIsRefusedWith400() throws Exception {
        Answer answer = client().sendRaw(("POST /ebms HTTP/1.1 extra words\r\nHost: localhost\r\n"
                        + "SOAPAction: \"ebXML\"\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

        assertPlain400(answer, "HTTP 400");
    }

    @Test
    @Order(1)
    void aHeaderLineWithoutAColonIsRefusedWith400() throws Exception {
        Answer answer = client().sendRaw(("POST /ebms HTTP/1.1\r\nHost: localhost\r\nSOAPAction: \"ebXML\"\r\n"
                        + "this is no header\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

        assertPlain400(answer, "HTTP 400");
    }

    // --- SOAPAction -----------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void aPostWithoutSoapActionIsRefusedWith400NamingTheHeader() throws Exception {
        InboundMessage m = InboundMessage.valid(channel);

        Answer answer = client().send(m.post().withSoapAction(null));

        assertPlain400(answer, "SOAPAction");
        assertThat(answer.text()).contains("missing").contains("\"ebXML\"");
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    @Order(2)
    void aPostWithAnotherSoapActionIsRefusedWith400NamingTheHeaderAndTheValue() throws Exception {
        InboundMessage m = InboundMessage.valid(channel);

        Answer answer = client().send(m.post().withSoapAction("\"urn:something:else\""));

        assertPlain400(answer, "SOAPAction");
        assertThat(answer.text()).contains("urn:something:else");
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    @Order(2)
    void soapActionEbxmlWithoutQuotesIsAccepted() throws Exception {
        InboundMessage m = InboundMessage.valid(channel);

        Answer answer = client().send(m.post().withSoapAction("ebXML"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        assertThat(chain.provider().report(m.messageId)).isPresent();
    }

    @Test
    @Order(3)
    void aLenientNodeAcceptsAPostWithoutSoapAction() throws Exception {
        chain.restart(
                LocalChain.PROVIDER.name(),
                c -> new GatewayConfig(
                        c.node(),
                        new GatewayConfig.Ebms(
                                c.ebms().host(), c.ebms().port(), c.ebms().path(), "lenient"),
                        c.admin(),
                        c.tls(),
                        c.database(),
                        c.delivery(),
                        c.limits(),
                        c.cpa(),
                        c.security(),
                        c.retention()));
        InboundMessage m = InboundMessage.valid(channel);

        Answer answer = client().send(m.post().withSoapAction(null));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        assertThat(chain.provider().report(m.messageId)).isPresent();
    }
}
