package nl.dkgw.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.inbound.EbmsTestClient.Answer;
import nl.dkgw.gateway.inbound.EbmsTestClient.Post;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.store.MessageQuery;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import nl.dkgw.xsd.EnvelopeSchemaCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every envelope two dkgw nodes write to each other, in all six profiles, with asynchronous and with synchronous
 * signals, and every answer a node gives to a foreign peer's post (Ping and StatusRequest without roles, an unreadable
 * post, a refused message), conforms strictly to the official ebMS 2.0 schemas (SOAP 1.1 envelope,
 * msg-header-2_0.xsd, xmldsig), as the reference adapter validates them. Found problems are collected and reported
 * together, each with the kind of envelope it was found in. (The Ping and StatusRequest a node sends are not kept;
 * their writing, with and without roles, is checked by {@code WrittenEnvelopeSchemaTest}.)
 */
@Slow
class EnvelopesOnTheWireConformTest {

    @TempDir
    Path dir;

    /** What was validated: "envelope kind" -> its schema problems (empty when it conforms). */
    private final Map<String, List<String>> problems = new TreeMap<>();

    private final Set<String> validated = new TreeSet<>();

    @Test
    void everyEnvelopeWrittenInEveryProfileConformsToTheSchemas() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.values()), SyncReplyMode.NONE)) {
            EbmsTestClient foreignPeer = new EbmsTestClient(
                    chain.pki().keyMaterial(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT),
                    chain.pki().trustAnchors(),
                    chain.provider().ebmsPort());
            for (SyncReplyMode mode : List.of(SyncReplyMode.NONE, SyncReplyMode.MSH_SIGNALS_ONLY)) {
                for (Profile profile : Profile.values()) {
                    String cpaId = mode == SyncReplyMode.NONE
                            ? chain.cpaId(profile)
                            : chain.addCpa(profile, Duration.ofSeconds(1), mode);
                    String sent = exchange(chain, profile, cpaId);
                    postAsAForeignPeer(chain, foreignPeer, profile, cpaId, sent, mode);
                }
            }
            for (Gateway node : List.of(chain.consumer(), chain.provider())) {
                String name = node == chain.consumer() ? "consumer" : "provider";
                for (StoredMessage m : NodeInternals.queries(node)
                        .search(new MessageQuery(
                                null, null, null, null, null, null, null, null, null, null, null, null, 500))) {
                    check(
                            name + " stored " + m.direction() + " " + m.profile(),
                            NodeInternals.store(node).messages().envelope(m.pk()));
                    byte[] receipt = NodeInternals.store(node).messages().receipt(m.pk());
                    if (receipt != null) {
                        check(name + " stored receipt of " + m.profile(), receipt);
                    }
                }
            }
        }

        assertThat(problems).as("envelopes that do not conform").isEmpty();
        assertThat(validated)
                .as("kinds validated")
                .contains(
                        "SendTestResult, signed, with roles",
                        "SendTestResult, unsigned, with roles",
                        "Acknowledgment, signed, with roles",
                        "Acknowledgment, unsigned, with roles",
                        "Pong, signed, with roles",
                        "Pong, unsigned, with roles",
                        "Pong, signed, without roles",
                        "Pong, unsigned, without roles",
                        "StatusResponse, signed, with roles",
                        "StatusResponse, unsigned, with roles",
                        "StatusResponse, signed, without roles",
                        "StatusResponse, unsigned, without roles",
                        "MessageError, unsigned, with roles",
                        "MessageError, unsigned, without roles",
                        "MessageError, signed, with roles");
    }

    /** A business message from consumer to provider, then a Ping and a StatusRequest for it, node to node. */
    private static String exchange(LocalChain chain, Profile profile, String cpaId) throws Exception {
        StoredMessage m = chain.consumer()
                .submit(Submission.of(
                        cpaId,
                        LocalChain.serviceName(profile),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of("application/xml", "<a>schema</a>".getBytes(StandardCharsets.UTF_8))));
        MessageStatus expected = profile.reliable() ? MessageStatus.ACKNOWLEDGED : MessageStatus.DELIVERED;
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(chain.consumer()
                                .report(m.messageId())
                                .orElseThrow()
                                .message()
                                .status())
                        .isEqualTo(expected));
        assertThat(chain.consumer().ping(cpaId, Duration.ofSeconds(30)).pong())
                .as("ping " + profile)
                .isTrue();
        assertThat(chain.consumer()
                        .statusRequest(cpaId, m.messageId(), Duration.ofSeconds(30))
                        .messageStatus())
                .as("status request " + profile)
                .isNotNull();
        return m.messageId();
    }

    /** What a foreign adapter sends: signals with and without roles, an unreadable post, a mistake. */
    private void postAsAForeignPeer(
            LocalChain chain,
            EbmsTestClient peer,
            Profile profile,
            String cpaId,
            String sentMessageId,
            SyncReplyMode mode)
            throws Exception {
        Cpa cpa = chain.provider().cpas().find(cpaId).orElseThrow();
        DeliveryChannel channel = cpa.resolve(
                party(cpa, LocalChain.CONSUMER),
                party(cpa, LocalChain.PROVIDER),
                LocalChain.serviceName(profile),
                LocalChain.TO_PROVIDER);
        boolean sync = mode == SyncReplyMode.MSH_SIGNALS_ONLY;

        for (boolean roles : new boolean[] {true, false}) {
            String r = roles ? " with roles" : " without roles";
            checkAnswer(
                    profile + " Ping" + r,
                    peer.send(signal(channel, "Ping", null, sync, roles).post()));
            checkAnswer(
                    profile + " StatusRequest" + r,
                    peer.send(signal(channel, "StatusRequest", sentMessageId, sync, roles)
                            .post()));
        }
        checkAnswer(
                profile + " unreadable post",
                peer.send(Post.of(InboundMessage.valid(channel).httpContentType(), "not XML at all")));
        InboundMessage mistaken = InboundMessage.valid(channel);
        mistaken.action = "NoSuchAction";
        checkAnswer(profile + " refused message", peer.send(mistaken.post()));
    }

    private static InboundMessage signal(
            DeliveryChannel channel, String action, String ref, boolean syncReply, boolean roles) {
        InboundMessage m = InboundMessage.valid(channel);
        if (!roles) {
            m.fromRole = null;
            m.toRole = null;
        }
        m.service = Namespaces.MSH_SERVICE;
        m.serviceType = null;
        m.action = action;
        m.ackRequestedActor = null;
        m.duplicateElimination = false;
        m.timeToLive = null;
        m.syncReply = syncReply;
        m.payloads.clear();
        m.manifest = null;
        if (ref != null) {
            m.extraBodyBlocks.add("<eb:StatusRequest eb:version=\"2.0\"><eb:RefToMessageId>" + ref
                    + "</eb:RefToMessageId></eb:StatusRequest>");
        }
        m.messageId = UUID.randomUUID() + "@foreign.test";
        return m;
    }

    private void checkAnswer(String what, Answer answer) throws Exception {
        if (answer.body().length == 0) {
            return; // answered asynchronously: the signal is stored at the provider and checked there
        }
        byte[] soap = new SoapWithAttachments(100)
                .unpack(answer.contentType(), answer.body())
                .envelope();
        check("answer to " + what + " (HTTP " + answer.status() + ")", soap);
    }

    private void check(String where, byte[] envelope) {
        String text = new String(envelope, StandardCharsets.UTF_8);
        String kind = action(text)
                + (text.contains("SignatureValue") ? ", signed" : ", unsigned")
                + (text.contains("Role>") ? ", with roles" : ", without roles");
        validated.add(kind);
        List<String> found = EnvelopeSchemaCheck.problems(envelope);
        if (!found.isEmpty()) {
            problems.computeIfAbsent(kind + " (" + where + ")", k -> new ArrayList<>())
                    .addAll(found);
        }
    }

    private static String action(String envelope) {
        int start = envelope.indexOf("Action>");
        int end = start < 0 ? -1 : envelope.indexOf('<', start);
        return start < 0 || end < 0 ? "(no action)" : envelope.substring(start + "Action>".length(), end);
    }

    private static PartyId party(Cpa cpa, LocalChain.Party party) {
        return cpa.parties().stream()
                .filter(p -> p.oinWithoutEnvironmentSuffix().equals(party.oin()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no party " + party + " in " + cpa));
    }
}
