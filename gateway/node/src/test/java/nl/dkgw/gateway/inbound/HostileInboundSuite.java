package nl.dkgw.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.StoredReceived;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.inbound.EbmsTestClient.Answer;
import nl.dkgw.gateway.inbound.EbmsTestClient.Post;
import nl.dkgw.gateway.inbound.HostileCase.Sender;
import nl.dkgw.gateway.msh.SubmissionException;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.KeyMaterial;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The hostile-inbound suite: malformed and inconsistent messages posted over real mutual TLS to a real provider node,
 * each answered with its own ebMS error or HTTP status, none stored as a business message. One chain (two nodes with
 * an osb-rm CPA) per database serves every test of the class; the subclasses pick the database.
 */
@Slow
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HostileInboundSuite {

    /** The ebMS endpoint limit of the extra, size-limited provider node. */
    private static final long SMALL_LIMIT = 64 * 1024;

    /** Per class: the chain's PKI and data, cleaned up after the class. */
    private Path dir;

    private LocalChain chain;
    private DeliveryChannel channel;
    private TrustAnchors anchors;
    private final Map<Sender, EbmsTestClient> clients = new EnumMap<>(Sender.class);
    /** MessageIds the provider accepted on purpose; nothing else may ever be stored as received. */
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    private Gateway limitedProvider;

    abstract ChainDatabase database();

    @BeforeAll
    void startChain(@TempDir Path classDir) throws Exception {
        dir = classDir;
        chain = LocalChain.start(
                dir.resolve("chain"),
                database().jdbcUrls(),
                Duration.ofSeconds(2),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE);
        assertThat(chain.config(LocalChain.PROVIDER.name()).jdbcUrl(dir.resolve("chain")))
                .startsWith(database() == ChainDatabase.H2 ? "jdbc:h2:" : "jdbc:postgresql:");
        String cpaId = chain.cpaId(Profile.OSB_RM);
        Cpa cpa = chain.provider().cpas().find(cpaId).orElseThrow();
        channel = cpa.resolve(
                party(cpa, LocalChain.CONSUMER),
                party(cpa, LocalChain.PROVIDER),
                LocalChain.serviceName(Profile.OSB_RM),
                LocalChain.TO_PROVIDER);
        assertThat(channel.ackRequested()).as("osb-rm asks acknowledgments").isTrue();
        assertThat(channel.duplicateElimination())
                .as("osb-rm eliminates duplicates")
                .isTrue();
        assertThat(channel.syncReplyMode()).isEqualTo(SyncReplyMode.NONE);
        assertThat(channel.messageOrder()).isFalse();

        TestPki pki = chain.pki();
        anchors = TrustAnchors.fromKeyStore(pki.trustStore(), pki.password());
        int port = chain.provider().ebmsPort();
        clients.put(
                Sender.CONSUMER,
                new EbmsTestClient(
                        pki.keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT), anchors, port));
        clients.put(
                Sender.PROVIDER,
                new EbmsTestClient(
                        pki.keyMaterial(LocalChain.PROVIDER.name(), TestPki.Usage.TLS_CLIENT), anchors, port));
        clients.put(
                Sender.THIRD_PARTY,
                new EbmsTestClient(
                        ThirdPartyCredentials.issue(pki, "intruder", HostileCases.THIRD_PARTY_OIN), anchors, port));
    }

    @AfterAll
    void stopChain() {
        if (limitedProvider != null) {
            limitedProvider.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private static PartyId party(Cpa cpa, LocalChain.Party party) {
        return cpa.parties().stream()
                .filter(p -> p.oinWithoutEnvironmentSuffix().equals(party.oin()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no party " + party + " in " + cpa));
    }

    private InboundMessage valid() {
        return InboundMessage.valid(channel);
    }

    private Gateway provider() {
        return chain.provider();
    }

    private List<StoredMessage> receivedByProvider() {
        return provider().received(null, null, 1000);
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theValidMessageIsAcceptedAndStoredOnceAndItsRepeatIsEliminatedAsADuplicate() throws Exception {
        InboundMessage m = valid();
        Post post = m.post();

        Answer first = clients.get(Sender.CONSUMER).send(post);

        assertThat(first.status()).as(first.toString()).isEqualTo(204);
        accepted.add(m.messageId);
        List<StoredMessage> stored = receivedByProvider().stream()
                .filter(s -> s.messageId().equals(m.messageId))
                .toList();
        assertThat(stored).hasSize(1);
        StoredMessage s = stored.get(0);
        assertThat(s.cpaId()).isEqualTo(channel.cpaId());
        assertThat(s.conversationId()).isEqualTo(m.conversationId);
        assertThat(s.action()).isEqualTo(LocalChain.TO_PROVIDER);
        assertThat(s.profile()).isEqualTo("osb-rm");
        StoredReceived fetched = provider().fetch(s.pk()).orElseThrow();
        assertThat(fetched.payloads()).hasSize(1);
        assertThat(fetched.payloads().get(0).data()).isEqualTo(m.payloads.get(0).data());

        Answer repeat = clients.get(Sender.CONSUMER).send(post);

        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(204);
        assertThat(receivedByProvider())
                .filteredOn(r -> r.messageId().equals(m.messageId))
                .hasSize(1);
    }

    Stream<HostileCase> hostileCases() {
        return HostileCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCases")
    @Order(2)
    void eachHostileMessageGetsItsOwnErrorAndIsNotStored(HostileCase c) throws Exception {
        InboundMessage m = valid();
        Post post = c.request().apply(m);
        int storedBefore = receivedByProvider().size();

        Answer answer = clients.get(c.sender()).send(post);

        assertRefused(c.expect(), m, answer, c.sender());
        assertThat(receivedByProvider())
                .as("business messages stored at the provider")
                .hasSize(storedBefore);
        if (m.messageId != null) {
            assertThat(provider().report(m.messageId))
                    .as("a stored message with the hostile MessageId")
                    .isEmpty();
        }
    }

    /**
     * A readable message refused with a MessageError: the error is in the HTTP response (200), or, when the sender is
     * the consumer (authenticated as the CPA's party) and the CPA's syncReplyMode is none, the post is answered 204
     * and the MessageError is a message of its own, delivered to the consumer's node.
     */
    private void assertRefused(HostileCase.Expect expect, InboundMessage m, Answer answer, Sender sender) {
        if (expect.status() == 200 && answer.status() == 204 && sender == Sender.CONSUMER && m.messageId != null) {
            assertError(expect, m, AsynchronousReplies.awaitReplyTo(chain.consumer(), m.cpaId, m.messageId));
            return;
        }
        assertThat(answer.status()).as(answer.toString()).isEqualTo(expect.status());
        assertThat(answer.text()).as("nothing of /etc/passwd leaks").doesNotContain("root:x:0:0");
        if (!expect.messageError()) {
            assertThat(answer.text()).containsIgnoringCase(expect.descriptionWord());
            return;
        }
        assertError(expect, m, answer.signal());
    }

    private static void assertError(HostileCase.Expect expect, InboundMessage m, EbmsMessage signal) {
        assertThat(signal.header().service()).isEqualTo(Namespaces.MSH_SERVICE);
        assertThat(signal.header().action()).isEqualTo("MessageError");
        assertThat(signal.errors()).as(signal.errors().toString()).hasSize(1);
        EbmsError error = signal.errors().get(0);
        assertThat(error.code()).as(error.toString()).isEqualTo(expect.code());
        assertThat(error.severity()).isEqualTo(EbmsError.Severity.Error);
        assertThat(error.description()).as(error.toString()).containsIgnoringCase(expect.descriptionWord());
        if (expect.locationFragment() != null) {
            assertThat(error.location()).as(error.toString()).contains(expect.locationFragment());
        }
        if (expect.status() == 200) {
            // A readable message: the error answers it, in its conversation.
            assertThat(signal.header().refToMessageId()).isEqualTo(m.messageId);
            assertThat(signal.header().conversationId()).isEqualTo(m.conversationId);
        }
    }

    // --- size limit: a second provider node with a small limits.max-message-bytes ----------------------------------

    /**
     * A second node with the provider's identity and the chain's CPAs but a small limits.max-message-bytes (LocalChain
     * has no setting for the limit). It copies the provider's TLS settings and reads the CPAs from files at start-up.
     */
    private Gateway limitedProvider() throws Exception {
        if (limitedProvider == null) {
            String name = LocalChain.PROVIDER.name();
            GatewayConfig provider = chain.config(name);
            Path nodeDir = Files.createDirectories(dir.resolve("limited"));
            List<String> cpaFiles = new ArrayList<>();
            for (String xml : chain.cpas()) {
                Path file = nodeDir.resolve("cpa-" + cpaFiles.size() + ".xml");
                Files.writeString(file, xml);
                cpaFiles.add(file.toString());
            }
            GatewayConfig config = new GatewayConfig(
                    new GatewayConfig.Node(name + "-limited", "data"),
                    new GatewayConfig.Ebms("127.0.0.1", 0, "/ebms"),
                    GatewayConfig.Admin.withoutAuthentication("127.0.0.1", 0),
                    provider.tls(),
                    new GatewayConfig.Database(database().jdbcUrls().get(name), null, null, 4),
                    provider.delivery(),
                    new GatewayConfig.Limits(SMALL_LIMIT, 0, null),
                    new GatewayConfig.Cpa(cpaFiles, null, null));
            limitedProvider = Gateway.start(config, nodeDir);
        }
        return limitedProvider;
    }

    private EbmsTestClient consumerTo(Gateway node) {
        return new EbmsTestClient(
                chain.pki().keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                anchors,
                node.ebmsPort());
    }

    private InboundMessage withPayloadOf(int bytes) {
        InboundMessage m = valid();
        byte[] data = new byte[bytes];
        Arrays.fill(data, (byte) 'x');
        m.addPayload(new InboundMessage.Part("large-" + m.messageId, "application/octet-stream", data));
        return m;
    }

    @Test
    @Order(3)
    void aPostWhoseDeclaredLengthIsOverTheLimitIsRefusedWith413AndNotStored() throws Exception {
        Gateway node = limitedProvider();
        EbmsTestClient client = consumerTo(node);
        InboundMessage small = withPayloadOf(1024);
        Answer underLimit = client.send(small.post());
        assertThat(underLimit.status())
                .as("a message under the limit: " + underLimit)
                .isEqualTo(204);

        InboundMessage big = withPayloadOf((int) SMALL_LIMIT * 16);
        Answer answer =
                client.sendIncomplete(big.httpContentType(), "Content-Length: " + big.body().length, new byte[0]);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.text()).contains("exceeds the limit of " + SMALL_LIMIT);
        assertThat(node.received(null, null, 1000))
                .extracting(StoredMessage::messageId)
                .containsExactly(small.messageId);
    }

    @Test
    @Order(3)
    void aChunkedPostThatGrowsOverTheLimitIsRefusedWith413AndNotStored() throws Exception {
        Gateway node = limitedProvider();
        InboundMessage big = withPayloadOf((int) SMALL_LIMIT * 2);
        byte[] body = big.body();
        int chunk = (int) (SMALL_LIMIT * 5 / 8);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int offset = 0; offset < 2 * chunk; offset += chunk) {
            // two chunks, together over the limit; the terminating chunk never comes
            chunked.writeBytes((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, offset, chunk);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        Answer answer = consumerTo(node)
                .sendIncomplete(big.httpContentType(), "Transfer-Encoding: chunked", chunked.toByteArray());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.text()).contains("exceeds the limit of " + SMALL_LIMIT);
        assertThat(node.report(big.messageId)).isEmpty();
    }

    @Test
    @Order(4)
    void refusalsBeforeTheBodyIsReadStillReachASenderThatPostsTheWholeMessage() throws Exception {
        Gateway node = limitedProvider();
        EbmsTestClient client = consumerTo(node);
        for (boolean chunked : new boolean[] {false, true}) {
            InboundMessage big = withPayloadOf(1_000_000);
            Post post = chunked ? big.post().chunkedBody() : big.post();

            assertThat(client.send(post).status())
                    .as("oversize, chunked=" + chunked)
                    .isEqualTo(413);
            assertThat(client.send(post.withPath("/ebXML")).status())
                    .as("wrong path, chunked=" + chunked)
                    .isEqualTo(404);
            assertThat(client.send(post.withMethod("PUT")).status())
                    .as("PUT, chunked=" + chunked)
                    .isEqualTo(405);
            assertThat(node.report(big.messageId)).isEmpty();
        }
    }

    // --- TLS ------------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void aClientCertificateFromAnotherPkiIsRefusedInTheTlsHandshake() throws Exception {
        TestPki foreign = TestPki.generate(
                dir.resolve("foreign-pki"),
                List.of(new TestPki.PartySpec("foreign", LocalChain.CONSUMER.oin(), "localhost")));
        KeyMaterial foreignClient = foreign.keyMaterial("foreign", TestPki.Usage.TLS_CLIENT);
        EbmsTestClient client =
                new EbmsTestClient(foreignClient, anchors, provider().ebmsPort());
        InboundMessage m = valid();

        assertThatThrownBy(() -> client.send(m.post())).isInstanceOf(IOException.class);

        assertThat(provider().report(m.messageId)).isEmpty();
    }

    // --- header values longer than the store keeps ------------------------------------------------------------------

    @Test
    @Order(3)
    void overLongMessageAndConversationIdsAreRefusedWithAnEbmsErrorNotStoredAndLoggedShortened() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger gatewayLog = (Logger) LoggerFactory.getLogger("nl.dkgw");
        logs.start();
        gatewayLog.addAppender(logs);
        InboundMessage m = valid();
        m.messageId = HostileCases.longer(5000) + "@hostile.test";
        m.conversationId = "c" + HostileCases.longer(4000);
        Answer answer;
        try {
            answer = clients.get(Sender.CONSUMER).send(m.post());
        } finally {
            gatewayLog.detachAppender(logs);
        }

        assertRefused(HostileCase.refused(ErrorCode.Inconsistent, "at most 256", null), m, answer, Sender.CONSUMER);
        assertThat(provider().report(m.messageId)).isEmpty();
        assertThat(logs.list).as("log events of the refusal").isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String logged = e.getFormattedMessage() + " " + e.getKeyValuePairs();
            assertThat(logged).doesNotContain(HostileCases.longer(65));
        }
        assertThat(logs.list)
                .anySatisfy(e -> assertThat(String.valueOf(e.getKeyValuePairs()))
                        .contains("inbound.rejected")
                        .contains("...(" + m.messageId.length() + " chars)"));
    }

    @Test
    @Order(3)
    void submittingAnOverLongConversationIdIsRefusedWithAClearError() {
        String messageId = UUID.randomUUID() + "@dkgw.test";
        Submission s = Submission.of(
                        channel.cpaId(),
                        channel.service(),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of("application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)))
                .withConversationId(HostileCases.longer(300))
                .withMessageId(messageId);

        assertThatThrownBy(() -> chain.consumer().submit(s))
                .isInstanceOf(SubmissionException.class)
                .hasMessageContaining("eb:ConversationId is 300 characters long; this gateway keeps at most 256");
        assertThat(chain.consumer().report(messageId)).isEmpty();
    }

    // --- found bugs: the correct behaviour, disabled while it fails ------------------------------------------------

    @Test
    @Order(4)
    void aThirdPartyCannotPassAsTheConsumerByLeavingOutThePartyIdType() throws Exception {
        InboundMessage m = valid();
        m.fromPartyType = null;

        Answer answer = clients.get(Sender.THIRD_PARTY).send(m.post());

        assertRefused(
                HostileCase.refused(ErrorCode.SecurityFailure, HostileCases.THIRD_PARTY_OIN, "eb:From/eb:PartyId"),
                m,
                answer,
                Sender.THIRD_PARTY);
        assertThat(provider().report(m.messageId)).isEmpty();
    }

    @Test
    @Order(4)
    void anUnknownToPartyIsReportedAtTheToPartyId() throws Exception {
        InboundMessage m = valid();
        m.toParty = HostileCases.STRANGER_OIN;

        Answer answer = clients.get(Sender.CONSUMER).send(m.post());

        assertRefused(
                HostileCase.refused(ErrorCode.ValueNotRecognized, HostileCases.STRANGER_OIN, "eb:To/eb:PartyId"),
                m,
                answer,
                Sender.CONSUMER);
    }

    // --- and at the end -------------------------------------------------------------------------------------------

    @Test
    @Order(100)
    void noRefusedMessageWasStoredAsABusinessMessage() {
        assertThat(receivedByProvider())
                .extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(chain.consumer().received(null, null, 1000)).isEmpty();
    }
}
