package nl.dkgw.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.security.MessageSigner;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A node on signed and encrypted channels refuses, with a SecurityFailure that says why, what is not signed by the
 * CPA's certificate, what was changed after signing, and what is not encrypted; and stores none of it.
 */
@Slow
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredChannelInboundTest {

    private LocalChain chain;
    private EbmsTestClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM_S, Profile.OSB_RM_E), SyncReplyMode.NONE);
        TestPki pki = chain.pki();
        client = new EbmsTestClient(
                pki.keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                TrustAnchors.fromKeyStore(pki.trustStore(), pki.password()),
                chain.provider().ebmsPort());
    }

    @AfterAll
    void stop() {
        chain.close();
    }

    private DeliveryChannel channel(Profile profile) throws Exception {
        return chain.provider()
                .cpas()
                .find(chain.cpaId(profile))
                .orElseThrow()
                .resolve(
                        PartyId.oin(LocalChain.CONSUMER.oin()),
                        PartyId.oin(LocalChain.PROVIDER.oin()),
                        LocalChain.serviceName(profile),
                        LocalChain.TO_PROVIDER);
    }

    private KeyMaterial signingKey(String party) {
        return chain.pki().keyMaterial(party, TestPki.Usage.SIGNING);
    }

    /** Signs the message's envelope and payloads as a sending gateway would, with the given key. */
    private static void sign(InboundMessage m, KeyMaterial key) throws Exception {
        List<Payload> payloads = m.payloads.stream()
                .map(p -> new Payload(p.contentId(), p.contentType(), p.data()))
                .toList();
        m.rawSoapPart = SafeXml.serialize(new MessageSigner()
                .sign(
                        SafeXml.parse(m.envelopeXml().getBytes(StandardCharsets.UTF_8)),
                        payloads,
                        key,
                        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                        "http://www.w3.org/2001/04/xmlenc#sha256"));
    }

    /**
     * The consumer is authenticated by its TLS certificate and the CPA's syncReplyMode is none: the post is answered
     * 204 and the MessageError comes to the consumer's node as a message of its own.
     */
    private void assertRefused(InboundMessage m, String because) throws Exception {
        EbmsTestClient.Answer answer = client.send(m.post());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        EbmsMessage error = AsynchronousReplies.awaitReplyTo(chain.consumer(), m.cpaId, m.messageId);
        assertThat(error.header().action()).isEqualTo("MessageError");
        assertThat(error.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SecurityFailure);
            assertThat(e.description()).containsIgnoringCase(because);
        });
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    void aCorrectlySignedMessageIsAccepted() throws Exception {
        InboundMessage m = InboundMessage.valid(channel(Profile.OSB_RM_S));
        sign(m, signingKey(LocalChain.CONSUMER.name()));
        EbmsTestClient.Answer answer = client.send(m.post());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        assertThat(chain.provider().report(m.messageId)).isPresent();
    }

    /** The signed message with a header block for the next MSH (outside the signature by design) holding a tree. */
    private static void addNextMshBlock(InboundMessage m, int depth, int copies) {
        String xml = new String(m.rawSoapPart, StandardCharsets.UTF_8);
        String tree = "<t:a>".repeat(depth) + "x" + "</t:a>".repeat(depth);
        String block = "<t:Hop xmlns:t=\"urn:test:next\" SOAP:actor=\"http://schemas.xmlsoap.org/soap/actor/next\">"
                + tree.repeat(copies) + "</t:Hop>";
        int headerStart = xml.indexOf('>', xml.indexOf(":Header")) + 1;
        m.rawSoapPart =
                (xml.substring(0, headerStart) + block + xml.substring(headerStart)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bound (a 1.4 MB tree took 36 s of CPU): a few seconds, generous for a loaded machine, where the
     * answer takes well under one.
     */
    private static final Duration DEEP_TREE_BOUND = Duration.ofSeconds(5);

    @Test
    void aSignedMessageWithAModeratelyDeepTreeInAHeaderBlockForTheNextMshIsAcceptedQuickly() throws Exception {
        InboundMessage m = InboundMessage.valid(channel(Profile.OSB_RM_S));
        sign(m, signingKey(LocalChain.CONSUMER.name()));
        addNextMshBlock(m, 400, 100); // 40,000 elements, 400 deep: under SafeXml's depth limit

        EbmsTestClient.Answer answer =
                Assertions.assertTimeoutPreemptively(DEEP_TREE_BOUND, () -> client.send(m.post()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        assertThat(chain.provider().report(m.messageId)).isPresent();
    }

    @Test
    void aSignedMessageWithAHundredThousandLevelsInAHeaderBlockIsRefusedQuicklyAndClearly() throws Exception {
        InboundMessage m = InboundMessage.valid(channel(Profile.OSB_RM_S));
        sign(m, signingKey(LocalChain.CONSUMER.name()));
        addNextMshBlock(m, 100_000, 1);

        EbmsTestClient.Answer answer =
                Assertions.assertTimeoutPreemptively(DEEP_TREE_BOUND, () -> client.send(m.post()));

        assertThat(answer.errors()).as(answer.toString()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OtherXml);
            assertThat(e.description()).contains("nested more than 500 levels deep");
        });
        assertThat(chain.provider().report(m.messageId)).isEmpty();
    }

    @Test
    void anUnsignedMessageOnASignedChannelIsRefused() throws Exception {
        assertRefused(InboundMessage.valid(channel(Profile.OSB_RM_S)), "sign");
    }

    @Test
    void aPayloadChangedAfterSigningIsRefused() throws Exception {
        InboundMessage m = InboundMessage.valid(channel(Profile.OSB_RM_S));
        sign(m, signingKey(LocalChain.CONSUMER.name()));
        InboundMessage.Part original = m.payloads.remove(0);
        m.payloads.add(new InboundMessage.Part(
                original.contentId(),
                original.contentType(),
                new String(original.data(), StandardCharsets.UTF_8)
                        .replace("negatief", "positief")
                        .getBytes(StandardCharsets.UTF_8)));
        assertRefused(m, "digest");
    }

    @Test
    void aSignatureByAnotherCertificateThanTheCpaNamesIsRefused() throws Exception {
        InboundMessage m = InboundMessage.valid(channel(Profile.OSB_RM_S));
        sign(m, signingKey(LocalChain.PROVIDER.name()));
        assertRefused(m, "certificate");
    }

    private EbmsTestClient.Post signedPing(KeyMaterial key) throws Exception {
        EbmsMessage ping = new SignalFactory(new MessageIds("test"))
                .request(
                        chain.cpaId(Profile.OSB_RM_S),
                        PartyId.oin(LocalChain.CONSUMER.oin()),
                        "Aanleverer",
                        PartyId.oin(LocalChain.PROVIDER.oin()),
                        "Ontvanger",
                        "Ping",
                        null,
                        true);
        Document doc = new EnvelopeWriter().write(ping);
        new MessageSigner()
                .sign(
                        doc,
                        List.of(),
                        key,
                        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                        "http://www.w3.org/2001/04/xmlenc#sha256");
        PackedMessage packed = new SoapWithAttachments(10).pack(SafeXml.serialize(doc), List.of());
        return EbmsTestClient.Post.of(packed.contentType(), packed.body());
    }

    @Test
    void aSignedPingOnASignedLinkIsAnsweredWithASignedPong() throws Exception {
        EbmsTestClient.Answer answer = client.send(signedPing(signingKey(LocalChain.CONSUMER.name())));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.signal().header().action()).isEqualTo("Pong");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("SignatureValue");
    }

    @Test
    void aPingSignedByAnotherCertificateIsRefused() throws Exception {
        EbmsTestClient.Answer answer = client.send(signedPing(signingKey(LocalChain.PROVIDER.name())));
        assertThat(answer.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SecurityFailure);
            assertThat(e.description()).contains("certificate");
        });
    }

    @Test
    void anUnencryptedPayloadOnAnEncryptedChannelIsRefused() throws Exception {
        InboundMessage m = InboundMessage.valid(channel(Profile.OSB_RM_E));
        sign(m, signingKey(LocalChain.CONSUMER.name()));
        assertRefused(m, "encrypt");
    }
}
