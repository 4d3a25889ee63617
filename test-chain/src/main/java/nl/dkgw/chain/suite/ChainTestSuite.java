package nl.dkgw.chain.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import nl.dkgw.chain.report.ChainTestReport;
import nl.dkgw.chain.report.TestCaseResult;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.api.StatusResult;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.api.WireCopy;
import nl.dkgw.gateway.chaintest.ChainTestRunner.Status;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.gb.metadata.GbMetadataException;
import nl.dkgw.gateway.gb.metadata.GbMetadataReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance suite: from a running node, against the other party of one CPA (a simulator, the Digikoppeling
 * Compliance Voorziening, or a real preprod endpoint). Ping; each action this party sends, one way, and where the
 * counterpart answers on the same conversation (an echo service) both ways; status request; duplicate elimination;
 * retry after a refused delivery (only with a simulator's control endpoint); a large and a multi-part payload; and
 * messages the counterpart must refuse: an unknown CPA id, a wrong sender OIN, and on signed channels an unsigned
 * message and a tampered one. With a simulator's control endpoint the counterpart also pings this gateway and asks
 * it for a message's status (the foreign peer in its own style, without eb:Role), and a failed test names what the
 * counterpart refused as not schema-valid (or, encrypted as it cannot decrypt, as not decryptable). Each test records the MessageIds and the evidence (answers, signed
 * receipts).
 */
public final class ChainTestSuite {

    private static final Logger LOG = LoggerFactory.getLogger(ChainTestSuite.class);
    private static final String OTHER_OIN = "00000099000000009999";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayNode node;
    private final String cpaId;
    private final SuiteOptions options;
    private final List<Planned> plan = new ArrayList<>();

    private Cpa cpa;
    private PartyId self;
    private PartyId other;
    private CpaActions actions;
    private DeliveryChannel channel;
    private MessageSummary first;
    private List<Submission.Part> firstParts;
    private WirePoster wire;

    private record Planned(String name, String checks, Supplier<Outcome> test) {}

    /** What a test found; turned into a {@link TestCaseResult} with its name and time. */
    private record Outcome(
            Status status, String detail, List<String> messageIds, List<TestCaseResult.Evidence> evidence) {
        static Outcome pass(String detail, List<String> ids, List<TestCaseResult.Evidence> evidence) {
            return new Outcome(Status.PASSED, detail, ids, evidence);
        }

        static Outcome fail(String detail, List<String> ids, List<TestCaseResult.Evidence> evidence) {
            return new Outcome(Status.FAILED, detail, ids, evidence);
        }

        static Outcome skip(String why) {
            return new Outcome(Status.SKIPPED, why, List.of(), List.of());
        }
    }

    public ChainTestSuite(GatewayNode node, String cpaId, SuiteOptions options) {
        this.node = node;
        this.cpaId = cpaId;
        this.options = options;
    }

    /** Runs every test in order and returns the report (nothing is written here). */
    public ChainTestReport run(SuiteProgress progress) {
        Instant started = Instant.now();
        Optional<String> problem = prepare();
        List<TestCaseResult> results = new ArrayList<>();
        if (problem.isPresent()) {
            results.add(new TestCaseResult(
                    "cpa",
                    "the CPA is known and names this gateway as a party",
                    Status.FAILED,
                    problem.get(),
                    List.of(),
                    List.of(),
                    Duration.ZERO));
            progress.finished(1, 1, results.get(0));
            return report(started, results);
        }
        planTests();
        int i = 0;
        boolean stop = false;
        for (Planned p : plan) {
            i++;
            progress.started(i, plan.size(), p.name());
            Instant t0 = Instant.now();
            Outcome o;
            if (stop) {
                o = Outcome.skip("not run: the suite stopped at the first failure (fail fast)");
            } else {
                try {
                    o = p.test().get();
                } catch (RuntimeException e) {
                    o = Outcome.fail("the test could not run: " + e, List.of(), List.of());
                }
                if (o.status() == Status.FAILED && options.counterpartControl() != null) {
                    o = withSchemaRefusals(o);
                }
                stop = options.failFast() && o.status() == Status.FAILED;
            }
            TestCaseResult r = new TestCaseResult(
                    p.name(),
                    p.checks(),
                    o.status(),
                    o.detail(),
                    o.messageIds(),
                    o.evidence(),
                    Duration.between(t0, Instant.now()));
            LOG.atInfo()
                    .addKeyValue("event", "chain-test.test")
                    .addKeyValue("cpaId", cpaId)
                    .addKeyValue("test", r.name())
                    .addKeyValue("status", r.status())
                    .addKeyValue("messageIds", r.messageIds())
                    .log(r.detail());
            results.add(r);
            progress.finished(i, plan.size(), r);
        }
        return report(started, results);
    }

    private ChainTestReport report(Instant started, List<TestCaseResult> results) {
        String endpoint = channel == null ? null : channel.endpoint().toString();
        return new ChainTestReport(
                cpaId,
                node.ownOin().value(),
                other == null ? null : other.value(),
                endpoint,
                channel == null ? null : channel.profile().code(),
                channel == null ? null : channel.service(),
                started,
                Instant.now(),
                results);
    }

    private Optional<String> prepare() {
        Optional<Cpa> found = node.cpas().find(cpaId);
        if (found.isEmpty()) {
            return Optional.of("CPA '" + cpaId + "' is not known to this gateway; import it first (dkgw cpa import)");
        }
        cpa = found.get();
        Optional<PartyId> me = node.selfParty(cpa);
        if (me.isEmpty()) {
            return Optional.of("this gateway's OIN " + node.ownOin().value() + " is not a party in CPA " + cpaId);
        }
        self = me.get();
        other = cpa.parties().stream().filter(p -> !p.equals(self)).findFirst().orElse(null);
        if (other == null) {
            return Optional.of("CPA " + cpaId + " has no other party");
        }
        try {
            actions = CpaActions.of(cpa.xml(), self.oinWithoutEnvironmentSuffix());
            if (actions.sends().isEmpty()) {
                return Optional.of("in CPA " + cpaId + " this gateway sends no action; the suite needs one");
            }
            CpaActions.ServiceAction a = actions.sends().get(0);
            channel = cpa.resolveOutbound(a.service(), a.action(), Optional.of(self));
            wire = new WirePoster(node, Duration.ofSeconds(60));
        } catch (Exception e) {
            return Optional.of("cannot read CPA " + cpaId + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private void planTests() {
        add("ping", "the counterpart answers an ebMS Ping with a Pong", this::ping);
        for (CpaActions.ServiceAction a : actions.sends()) {
            add(
                    "send " + a.action() + " (one way)",
                    "a message of action " + a.action() + " is "
                            + (channel.profile().reliable() ? "acknowledged" : "accepted") + " in profile "
                            + channel.profile().code(),
                    () -> oneWay(a));
        }
        add(
                "echo (both ways)",
                "the counterpart answers a message in the same conversation and with the same "
                        + "payloads (an echo service)",
                this::bothWays);
        add(
                "status request",
                "the counterpart answers an ebMS StatusRequest about a message it received",
                this::statusRequest);
        add(
                "answers the counterpart's Ping",
                "the counterpart pings this gateway (a foreign peer in its own style, "
                        + "without eb:Role) and takes the Pong (a foreign peer: only a schema-valid one)",
                this::counterpartPing);
        add(
                "answers the counterpart's StatusRequest",
                "the counterpart asks this gateway about a message (a foreign "
                        + "peer without eb:Role) and takes the StatusResponse",
                this::counterpartStatusRequest);
        add(
                "duplicate elimination",
                "the same MessageId posted again is acknowledged again and delivered once",
                this::duplicate);
        add(
                "retry after refused delivery",
                "after the counterpart refused a delivery (HTTP 503), the retry is " + "acknowledged",
                this::retry);
        add(
                "large payload",
                "a payload of " + options.largePayloadBytes() / (1024 * 1024) + " MiB is "
                        + (channel.profile().reliable() ? "acknowledged" : "accepted"),
                this::large);
        add(
                "grote berichten (GB)",
                "a file of " + options.gbFileBytes() + " bytes offered through Grote Berichten is downloaded by the "
                        + "counterpart, intact (it sends the same bytes back the same way, once), and this "
                        + "gateway's file endpoint refuses it to a certificate other than the counterpart's (403)",
                this::gb);
        add(
                "multi-part payload",
                "a message with three payloads (XML, text, binary) is taken in; an echo carries " + "the same three",
                this::multiPart);
        add(
                "refuses unknown CPA id",
                "a message naming a CPA the counterpart does not have is refused",
                () -> negative(
                        "dkgw-chain-test-unknown-cpa",
                        env -> EnvelopeEdits.setElement(env, "CPAId", "dkgw-chain-test-unknown-cpa"),
                        p -> p));
        add(
                "refuses wrong sender OIN",
                "a message whose From party is not the OIN of our certificate is refused",
                () -> negative("From party " + OTHER_OIN, this::replaceFrom, p -> p));
        add(
                "refuses unsigned message",
                "on a signed channel, a message without its signature is refused",
                () -> channel.profile().signed()
                        ? negative("signature removed", EnvelopeEdits::withoutSignature, p -> p)
                        : Outcome.skip("profile " + channel.profile().code() + " is not signed"));
        add(
                "refuses tampered signature",
                "on a signed channel, a message whose payload changed after signing is " + "refused",
                () -> channel.profile().signed()
                        ? negative("payload changed after signing", env -> env, EnvelopeEdits::tampered)
                        : Outcome.skip("profile " + channel.profile().code() + " is not signed"));
    }

    private byte[] replaceFrom(byte[] envelope) {
        String current = self.value();
        return EnvelopeEdits.setFromParty(envelope, current.replace(self.oinWithoutEnvironmentSuffix(), OTHER_OIN));
    }

    private void add(String name, String checks, Supplier<Outcome> test) {
        plan.add(new Planned(name, checks, test));
    }

    // --- the tests

    private Outcome ping() {
        PingResult r = node.messages().ping(cpaId, Duration.ofSeconds(30));
        List<String> ids = r.pingMessageId() == null ? List.of() : List.of(r.pingMessageId());
        List<TestCaseResult.Evidence> evidence = new ArrayList<>();
        node.messages()
                .signalReply(cpaId, r.pingMessageId() == null ? "-" : r.pingMessageId())
                .ifPresent(pong -> evidence.add(
                        new TestCaseResult.Evidence("Pong " + pong.messageId(), text(envelope(pong.pk())))));
        return r.pong()
                ? Outcome.pass(r.detail() + " in " + r.roundTrip().toMillis() + " ms", ids, evidence)
                : Outcome.fail("no Pong: " + r.detail(), ids, evidence);
    }

    private Outcome oneWay(CpaActions.ServiceAction a) {
        List<Submission.Part> parts =
                List.of(Submission.Part.of("application/xml", sample(a.action()).getBytes(StandardCharsets.UTF_8)));
        Sent sent = send(a, parts, null);
        if (first == null && sent.message() != null) {
            first = sent.message();
            firstParts = parts;
        }
        return sent.outcome();
    }

    private record Sent(MessageSummary message, Outcome outcome) {}

    /** Submits, waits for the final status, and judges: acknowledged (reliable) or delivered (best effort). */
    private Sent send(CpaActions.ServiceAction a, List<Submission.Part> parts, String messageId) {
        SubmitResult result;
        try {
            result = node.messages()
                    .submit(new Submission(cpaId, a.service(), a.action(), parts, null, null, messageId));
        } catch (RuntimeException e) {
            return new Sent(
                    null,
                    Outcome.fail("this gateway did not accept the message: " + e.getMessage(), List.of(), List.of()));
        }
        if (result instanceof SubmitResult.Refused refused) {
            return new Sent(
                    null,
                    Outcome.fail("this gateway did not accept the message: " + refused.detail(), List.of(), List.of()));
        }
        MessageSummary m = ((SubmitResult.Accepted) result).message();
        MessageReport report = awaitFinal(m.messageId());
        List<TestCaseResult.Evidence> evidence = new ArrayList<>();
        evidence.add(new TestCaseResult.Evidence("delivery attempts", attempts(report.attempts())));
        node.messages()
                .receipt(m.messageId())
                .filter(r -> r != null && r.length > 0)
                .ifPresent(receipt -> evidence.add(new TestCaseResult.Evidence(
                        EnvelopeEdits.hasSignature(receipt)
                                ? "signed receipt (Acknowledgment)"
                                : "receipt (Acknowledgment)",
                        text(receipt))));
        MessageSummary.Status expected =
                channel.profile().reliable() ? MessageSummary.Status.ACKNOWLEDGED : MessageSummary.Status.DELIVERED;
        MessageSummary last = report.message();
        String sizes =
                parts.stream()
                                .map(p -> String.valueOf(p.data().length))
                                .reduce((x, y) -> x + ", " + y)
                                .orElse("") + " bytes";
        if (last.status() == expected) {
            boolean signedReceiptNeeded =
                    channel.profile().reliable() && channel.profile().signed();
            boolean signedReceipt = node.messages()
                    .receipt(m.messageId())
                    .map(EnvelopeEdits::hasSignature)
                    .orElse(false);
            if (signedReceiptNeeded && !signedReceipt) {
                return new Sent(
                        last,
                        Outcome.fail(
                                "acknowledged, but the Acknowledgment is not signed although " + "profile "
                                        + channel.profile().code() + " asks for a signed receipt",
                                List.of(m.messageId()),
                                evidence));
            }
            return new Sent(
                    last,
                    Outcome.pass(
                            expected.name().toLowerCase() + " after "
                                    + report.attempts().size()
                                    + " attempt(s) (" + parts.size() + " payload(s), " + sizes + ")"
                                    + (signedReceipt
                                            ? "; signed receipt checked (peer signature, references of the sent message)"
                                            : ""),
                            List.of(m.messageId()),
                            evidence));
        }
        String why = last.status() == MessageSummary.Status.PENDING
                ? "not " + expected.name().toLowerCase() + " within "
                        + options.messageTimeout().toSeconds() + " s"
                : last.status().name().toLowerCase();
        return new Sent(
                last,
                Outcome.fail(
                        why
                                + (last.statusDetail() == null ? "" : ": " + last.statusDetail())
                                + lastAttempt(report.attempts()),
                        List.of(m.messageId()),
                        evidence));
    }

    private Outcome bothWays() {
        if (actions.receives().isEmpty()) {
            return Outcome.skip("in this CPA the counterpart sends nothing to this gateway, so it cannot echo");
        }
        if (first == null || !taken(first)) {
            return Outcome.skip("needs a message the counterpart took in; the one-way test failed");
        }
        Optional<MessageSummary> echo = awaitEcho(first.conversationId());
        if (echo.isEmpty()) {
            return Outcome.fail(
                    "no answer in conversation " + first.conversationId() + " within "
                            + options.messageTimeout().toSeconds() + " s",
                    List.of(first.messageId()),
                    List.of());
        }
        return compareEcho(echo.get(), first, firstParts);
    }

    private Outcome compareEcho(MessageSummary echo, MessageSummary sent, List<Submission.Part> parts) {
        ReceivedMessage received = node.inbound().fetch(echo.pk()).orElseThrow();
        node.inbound().complete(echo.pk());
        List<String> ids = List.of(sent.messageId(), echo.messageId());
        List<String> sentDigests = parts.stream().map(p -> sha256(p.data())).toList();
        List<String> echoDigests =
                received.payloads().stream().map(p -> sha256(p.data())).toList();
        TestCaseResult.Evidence digests = new TestCaseResult.Evidence(
                "payload digests (SHA-256)", "sent:     " + sentDigests + "\nreceived: " + echoDigests);
        if (!sentDigests.equals(echoDigests)) {
            return Outcome.fail(
                    "the answer " + echo.messageId() + " (" + echo.action() + ") carries other payloads "
                            + "than were sent",
                    ids,
                    List.of(digests));
        }
        return Outcome.pass(
                "answered with " + echo.action() + " " + echo.messageId() + " carrying the same " + parts.size()
                        + " payload(s)",
                ids,
                List.of(digests));
    }

    private Outcome statusRequest() {
        if (first == null || !taken(first)) {
            return Outcome.skip("needs a message the counterpart took in; the one-way test failed");
        }
        StatusResult r = node.messages().statusRequest(cpaId, first.messageId(), Duration.ofSeconds(30));
        List<String> ids = List.of(first.messageId());
        if (r.messageStatus() == null) {
            return Outcome.fail("no StatusResponse: " + r.failure(), ids, List.of());
        }
        boolean known = List.of("Received", "Processed", "Forwarded").contains(r.messageStatus());
        String detail = "StatusResponse for " + first.messageId() + ": " + r.messageStatus();
        return known
                ? Outcome.pass(detail, ids, List.of())
                : Outcome.fail(
                        detail + " (expected Received, Processed or Forwarded for a message it acknowledged)",
                        ids,
                        List.of());
    }

    private Outcome counterpartPing() {
        if (options.counterpartControl() == null) {
            return Outcome.skip(
                    "a real counterpart cannot be told to ping; run against a simulator " + "(--counterpart-control)");
        }
        ObjectNode body = JSON.createObjectNode().put("cpaId", cpaId);
        return counterpartAsks("ping", body, "Ping");
    }

    private Outcome counterpartStatusRequest() {
        if (options.counterpartControl() == null) {
            return Outcome.skip("a real counterpart cannot be told to send a StatusRequest; run against a simulator "
                    + "(--counterpart-control)");
        }
        if (first == null) {
            return Outcome.skip("needs a message of this CPA to ask about; the one-way test did not send one");
        }
        // about the counterpart's answer when it echoed (a message this gateway received), else the one sent
        String about = echoes(first.conversationId()).stream()
                .map(MessageSummary::messageId)
                .findFirst()
                .orElse(first.messageId());
        ObjectNode body = JSON.createObjectNode().put("cpaId", cpaId).put("messageId", about);
        return counterpartAsks("status-request", body, "StatusRequest");
    }

    /** Has the counterpart (a simulator) send a signal to this gateway through its control endpoint, and judges it. */
    private Outcome counterpartAsks(String resource, ObjectNode body, String what) {
        String url = options.counterpartControl() + "/" + resource;
        JsonNode r;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Outcome.fail(
                        "the counterpart's control endpoint " + url + " answered HTTP " + response.statusCode() + ": "
                                + response.body(),
                        List.of(),
                        List.of());
            }
            r = JSON.readTree(response.body());
        } catch (Exception e) {
            return Outcome.fail(
                    "cannot use the counterpart's control endpoint " + url + ": " + e.getMessage(),
                    List.of(),
                    List.of());
        }
        List<String> ids =
                r.path("requestId").isTextual() ? List.of(r.get("requestId").asText()) : List.of();
        List<TestCaseResult.Evidence> evidence = new ArrayList<>();
        if (!r.path("request").asText().isEmpty()) {
            evidence.add(new TestCaseResult.Evidence(
                    "the counterpart's " + what, r.path("request").asText()));
        }
        if (!r.path("answer").asText().isEmpty()) {
            evidence.add(new TestCaseResult.Evidence(
                    "this gateway's answer", r.path("answer").asText()));
        }
        String detail = r.path("detail").asText();
        return r.path("passed").asBoolean()
                ? Outcome.pass(detail, ids, evidence)
                : Outcome.fail(
                        "the counterpart did not take this gateway's answer to its " + what + ": " + detail,
                        ids,
                        evidence);
    }

    /**
     * A failed test's outcome with what the counterpart (a simulator with the foreign peer's strict schema check)
     * refused of its messages as not schema-valid, or encrypted with algorithms it cannot decrypt: that is the reason
     * the test failed.
     */
    private Outcome withSchemaRefusals(Outcome o) {
        if (o.messageIds().isEmpty()) {
            return o;
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(options.counterpartControl() + "/received"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            List<String> reasons = new ArrayList<>();
            for (JsonNode refusal : JSON.readTree(r.body()).path("schemaRefusals")) {
                String id = refusal.path("messageId").asText();
                String about = refusal.path("refToMessageId").asText();
                String reason =
                        refusal.path("action").asText() + " " + id + (about.isEmpty() ? "" : " (about " + about + ")")
                                + ": " + refusal.path("reason").asText();
                if ((o.messageIds().contains(id) || o.messageIds().contains(about)) && !reasons.contains(reason)) {
                    reasons.add(reason);
                }
            }
            if (reasons.isEmpty()) {
                return o;
            }
            List<TestCaseResult.Evidence> evidence = new ArrayList<>(o.evidence());
            evidence.add(new TestCaseResult.Evidence(
                    "refused by the counterpart (its schema or decryption check)", String.join("\n", reasons)));
            return new Outcome(
                    o.status(),
                    o.detail() + "; the counterpart refused it: " + String.join("; ", reasons),
                    o.messageIds(),
                    evidence);
        } catch (Exception e) {
            return o;
        }
    }

    private Outcome duplicate() {
        if (!channel.duplicateElimination() && !channel.profile().reliable()) {
            return Outcome.skip("profile " + channel.profile().code() + " agrees no duplicate elimination");
        }
        if (first == null || !taken(first)) {
            return Outcome.skip("needs a message the counterpart took in; the one-way test failed");
        }
        byte[] envelope = envelope(first.pk());
        List<Payload> payloads = payloads(first.pk());
        WireAnswer answer = wire.post(channel.endpoint(), envelope, payloads);
        List<String> ids = List.of(first.messageId());
        List<TestCaseResult.Evidence> evidence = new ArrayList<>();
        evidence.add(new TestCaseResult.Evidence("answer to the same message posted again", answer.evidence()));
        if (!answer.accepted2xx()) {
            return Outcome.fail(
                    "the message posted again (same MessageId " + first.messageId() + ") was not taken: "
                            + answer.summary(),
                    ids,
                    evidence);
        }
        boolean syncAck = channel.profile().reliable() && channel.syncReplyMode() == SyncReplyMode.MSH_SIGNALS_ONLY;
        if (syncAck && answer.kind() != WireAnswer.Kind.ACKNOWLEDGMENT) {
            return Outcome.fail(
                    "the message posted again was not acknowledged again (" + answer.summary() + ")", ids, evidence);
        }
        String delivered = "";
        if (options.counterpartControl() != null && actions.receives().isEmpty()) {
            // the first copy may still be on its way to the receiving system; then watch for a second one
            Instant until = Instant.now().plus(options.messageTimeout());
            while (controlDeliveries(first.messageId()) == 0 && Instant.now().isBefore(until)) {
                sleep(Duration.ofMillis(100));
            }
            sleep(options.quietWindow());
            long deliveries = controlDeliveries(first.messageId());
            evidence.add(new TestCaseResult.Evidence(
                    "the counterpart's receiving system (control endpoint)",
                    deliveries + " delivery(ies) of " + first.messageId() + " after "
                            + options.quietWindow().toMillis() + " ms"));
            if (deliveries > 1) {
                return Outcome.fail(
                        "the counterpart delivered the duplicate again: " + deliveries + " deliveries of "
                                + first.messageId(),
                        ids,
                        evidence);
            }
            delivered = deliveries == 1 ? "; delivered once to the receiving system" : "";
        }
        if (!actions.receives().isEmpty()) {
            sleep(options.quietWindow());
            long echoes = echoes(first.conversationId()).size();
            evidence.add(new TestCaseResult.Evidence(
                    "answers in conversation " + first.conversationId(),
                    echoes + " answer(s) after " + options.quietWindow().toMillis() + " ms"));
            if (echoes != 1) {
                return Outcome.fail(
                        "the counterpart answered the duplicate again: " + echoes + " answers in " + "conversation "
                                + first.conversationId(),
                        ids,
                        evidence);
            }
            delivered = "; the counterpart answered it once";
        }
        return Outcome.pass("same MessageId posted again: " + answer.summary() + delivered, ids, evidence);
    }

    private Outcome retry() {
        if (!channel.profile().reliable()) {
            return Outcome.skip("profile " + channel.profile().code() + " is best effort: no retries agreed");
        }
        if (options.counterpartControl() == null) {
            return Outcome.skip("a real counterpart cannot be told to refuse a delivery; run against a simulator "
                    + "(--counterpart-control) to test retries");
        }
        String control = options.counterpartControl() + "/misbehaviour";
        try {
            controlPut(control, "{\"kind\":\"unavailable\",\"times\":1}");
            CpaActions.ServiceAction a = actions.sends().get(0);
            Sent sent = send(
                    a,
                    List.of(Submission.Part.of(
                            "application/xml", sample("retry").getBytes(StandardCharsets.UTF_8))),
                    null);
            if (sent.message() == null || sent.outcome().status() != Status.PASSED) {
                return sent.outcome();
            }
            List<MessageReport.Attempt> attempts = node.messages()
                    .report(sent.message().messageId())
                    .orElseThrow()
                    .attempts();
            boolean refusedFirst = !attempts.isEmpty()
                    && attempts.get(0).httpStatus() != null
                    && attempts.get(0).httpStatus() == 503;
            if (attempts.size() < 2 || !refusedFirst) {
                return Outcome.fail(
                        "the counterpart was told to answer 503 once, but the delivery shows no refused "
                                + "first attempt",
                        sent.outcome().messageIds(),
                        sent.outcome().evidence());
            }
            return Outcome.pass(
                    "first attempt answered HTTP 503, acknowledged on attempt " + attempts.size(),
                    sent.outcome().messageIds(),
                    sent.outcome().evidence());
        } catch (Exception e) {
            return Outcome.fail(
                    "cannot use the counterpart's control endpoint " + control + ": " + e.getMessage(),
                    List.of(),
                    List.of());
        } finally {
            try {
                controlPut(control, "{\"kind\":\"none\"}");
            } catch (Exception e) {
                LOG.atWarn().addKeyValue("event", "chain-test.control-failed").log("cannot reset {}", control);
            }
        }
    }

    /** How often a simulator counterpart's receiving system got this message, by its control endpoint. */
    private long controlDeliveries(String messageId) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(options.counterpartControl() + "/received"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode received = new ObjectMapper().readTree(r.body());
            long n = 0;
            for (JsonNode d : received.path("deliveries")) {
                if (messageId.equals(d.path("messageId").asText())) {
                    n++;
                }
            }
            return n;
        } catch (Exception e) {
            LOG.atWarn()
                    .addKeyValue("event", "chain-test.control-failed")
                    .log("cannot read {}: {}", options.counterpartControl(), e.getMessage());
            return 0;
        }
    }

    private static void controlPut(String url, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    private Outcome large() {
        byte[] data = new byte[options.largePayloadBytes()];
        new Random(42).nextBytes(data);
        return withEcho(
                send(actions.sends().get(0), List.of(Submission.Part.of("application/octet-stream", data)), null),
                List.of(Submission.Part.of("application/octet-stream", data)));
    }

    /**
     * Grote Berichten, where both sides can: this gateway offers a generated file (its SHA-256 measured as it is
     * read) and sends the metadata message; the simulator downloads the file over mutual TLS, verifies it and sends
     * the same bytes back through GB in the same conversation; this gateway downloads that file and compares. The file
     * this gateway offered must be refused (403) to this gateway's own certificate: it is the counterpart's only.
     */
    private Outcome gb() {
        if (!gbHere()) {
            return Outcome.skip("this gateway has Grote Berichten off (gb.enabled)");
        }
        if (options.counterpartControl() == null) {
            return Outcome.skip("only against a simulator (--counterpart-control): it shows whether the counterpart "
                    + "has GB on, and it sends the file back so its arrival can be checked");
        }
        if (!counterpartGb()) {
            return Outcome.skip("the simulator has Grote Berichten off");
        }
        if (actions.receives().isEmpty()) {
            return Outcome.skip(
                    "in this CPA the counterpart sends nothing to this gateway, so it cannot send the " + "file back");
        }
        CpaActions.ServiceAction a = actions.sends().get(0);
        long size = options.gbFileBytes();
        // the simulator cuts its download of the file it sends back halfway: this gateway must resume it
        List<JsonNode> connectionsBefore = downloads();
        String cutRefused = null;
        try {
            controlPut(options.counterpartControl() + "/cut-download", "{\"afterBytes\": " + size / 2 + "}");
        } catch (Exception e) {
            cutRefused = e.getMessage();
        }
        MessageDigest sha = newSha256();
        SubmitResult result;
        try (InputStream content = new DigestInputStream(new SeededContent(size), sha)) {
            result = node.largeFiles()
                    .send(new FileSubmission(
                            cpaId,
                            a.service(),
                            a.action(),
                            content,
                            "dkgw-chain-test-gb.bin",
                            "application/octet-stream",
                            null));
        } catch (IOException | RuntimeException e) {
            return Outcome.fail("this gateway did not offer the file: " + e.getMessage(), List.of(), List.of());
        }
        if (result instanceof SubmitResult.Refused refused) {
            return Outcome.fail(
                    "this gateway did not accept the metadata message: " + refused.detail(), List.of(), List.of());
        }
        String checksum = "SHA256:" + HexFormat.of().formatHex(sha.digest());
        MessageSummary sent = ((SubmitResult.Accepted) result).message();
        List<String> ids = new ArrayList<>(List.of(sent.messageId()));
        List<TestCaseResult.Evidence> evidence = new ArrayList<>();
        evidence.add(new TestCaseResult.Evidence("file offered", size + " bytes, " + checksum));
        MessageReport report = awaitFinal(sent.messageId());
        evidence.add(new TestCaseResult.Evidence("delivery attempts", attempts(report.attempts())));
        if (!taken(sent)) {
            return Outcome.fail(
                    "the metadata message was not taken in: "
                            + report.message().status().name().toLowerCase()
                            + (report.message().statusDetail() == null
                                    ? ""
                                    : ": " + report.message().statusDetail()),
                    ids,
                    evidence);
        }
        String refusal = refusedToOthers(sent, evidence);

        // the counterpart downloads the whole file, verifies it and stores it again before it answers
        Optional<MessageSummary> echo = awaitEcho(sent.conversationId(), options.transferTimeout());
        if (echo.isEmpty()) {
            return Outcome.fail(
                    "the counterpart did not send the file back in conversation " + sent.conversationId() + " within "
                            + options.transferTimeout().toSeconds() + " s (did it download and verify it?)",
                    ids,
                    evidence);
        }
        ids.add(echo.get().messageId());
        List<ReceivedFile> files = awaitFiles(echo.get().pk(), options.transferTimeout());
        node.inbound().complete(echo.get().pk());
        evidence.add(new TestCaseResult.Evidence(
                "file sent back",
                files.stream()
                        .map(f -> f.filename() + ": " + f.status() + ", " + f.size() + " bytes, " + f.checksum()
                                + (f.failure() == null ? "" : ", " + f.failure()))
                        .reduce((x, y) -> x + "\n" + y)
                        .orElse("(no file announced)")));
        if (files.size() != 1) {
            return Outcome.fail(
                    "the answer announced " + files.size() + " files instead of the one sent", ids, evidence);
        }
        ReceivedFile back = files.get(0);
        if (back.status() != ReceivedFile.Status.COMPLETED) {
            return Outcome.fail(
                    "the file sent back did not arrive: " + back.status().name().toLowerCase()
                            + (back.failure() == null ? "" : ": " + back.failure()),
                    ids,
                    evidence);
        }
        if (back.size() != size || !checksum.equalsIgnoreCase(back.checksum())) {
            return Outcome.fail(
                    "the file sent back is not the file sent: " + back.size() + " bytes, " + back.checksum(),
                    ids,
                    evidence);
        }
        long answers = echoes(sent.conversationId()).size();
        if (answers != 1) {
            return Outcome.fail("the counterpart sent the file back " + answers + " times", ids, evidence);
        }
        String resumed = null;
        String cutOutcome = "";
        if (cutRefused != null) {
            evidence.add(new TestCaseResult.Evidence(
                    "download cut halfway", "not tried: the simulator did not take the cut: " + cutRefused));
        } else {
            List<RelayedConnection> connections = RelayedConnection.since(connectionsBefore, downloads());
            evidence.add(new TestCaseResult.Evidence(
                    "download cut halfway",
                    "connections to the simulator's file endpoint during this test (bytes to this gateway, cut): "
                            + connections));
            int cut = -1;
            for (int i = 0; i < connections.size(); i++) {
                if (connections.get(i).cut()) {
                    cut = i;
                }
            }
            // every other connection of this test carried the rest (a pooled one may have been opened earlier);
            // counted as they pass the relay, so a connection kept open after the download counts too
            long afterCut = 0;
            for (int i = 0; i < connections.size(); i++) {
                afterCut += i == cut ? 0 : connections.get(i).bytes();
            }
            long left = cut < 0 ? 0 : size - connections.get(cut).bytes();
            boolean tellable = size / 4 >= RelayedConnection.IN_FLIGHT;
            if (cut < 0) {
                resumed = "the simulator did not cut the download (no connection carried more than " + size / 2
                        + " bytes)";
            } else if (afterCut < left) {
                resumed = "after the cut, the other connections carried " + afterCut + " bytes, less than the " + left
                        + " left: the rest did not come through the simulator's file endpoint";
            } else if (tellable && afterCut >= size - size / 4) {
                resumed = "after the cut the download started over (" + afterCut + " bytes) instead of resuming";
            }
            cutOutcome = tellable
                    ? "; its download cut halfway resumed (" + afterCut + " bytes after the cut)"
                    : "; its download cut halfway went on over a new connection (" + afterCut + " bytes after the "
                            + "cut; below " + 4 * RelayedConnection.IN_FLIGHT / (1024 * 1024) + " MiB a resume "
                            + "cannot be told from a new start by bytes)";
        }
        if (resumed != null) {
            return Outcome.fail(resumed, ids, evidence);
        }
        if (refusal != null) {
            return Outcome.fail(refusal, ids, evidence);
        }
        return Outcome.pass(
                size + " bytes downloaded by the counterpart and sent back once, " + checksum + " both ways"
                        + cutOutcome,
                ids,
                evidence);
    }

    /**
     * Asks this gateway's own file endpoint for the file it offered the counterpart, with this gateway's own
     * certificate: a certificate other than the receiver's must get 403. Null when it did; otherwise why not. The
     * file's address is read from the metadata as it went on the wire, which an encrypted profile hides: then this
     * part is left out (said in the evidence).
     */
    private String refusedToOthers(MessageSummary sent, List<TestCaseResult.Evidence> evidence) {
        URI url;
        try {
            url = new GbMetadataReader()
                    .read(payloads(sent.pk()).get(0).data())
                    .references()
                    .get(0)
                    .location()
                    .url();
        } catch (GbMetadataException | RuntimeException e) {
            evidence.add(new TestCaseResult.Evidence(
                    "download with another certificate",
                    "not tried: the metadata is not readable as it went on the wire (encrypted profile)"));
            return null;
        }
        try {
            int status = wire.head(url);
            evidence.add(new TestCaseResult.Evidence(
                    "download with another certificate",
                    "HEAD " + url + " with this gateway's own certificate: " + status));
            return status == 403
                    ? null
                    : "the file endpoint answered " + status + " instead of 403 to a certificate "
                            + "that is not the receiver's";
        } catch (IOException e) {
            return "the file endpoint did not answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The files a received message announced, once none is still downloading (or {@code wait} passed). */
    private List<ReceivedFile> awaitFiles(long pk, Duration wait) {
        Instant until = Instant.now().plus(wait);
        while (true) {
            List<ReceivedFile> files = node.largeFiles().files(pk);
            if (files.stream().noneMatch(f -> f.status() == ReceivedFile.Status.DOWNLOADING)
                    || !Instant.now().isBefore(until)) {
                return files;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private boolean gbHere() {
        try {
            node.largeFiles().files(-1);
            return true;
        } catch (IllegalStateException off) {
            return false;
        }
    }

    /** The connections to the simulator's file endpoint it recorded ({@code downloads} of its received view). */
    private List<JsonNode> downloads() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(options.counterpartControl() + "/received"))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).path("downloads").forEach(out::add);
            return out;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Whether the simulator behind {@code --counterpart-control} says it has GB on. */
    private boolean counterpartGb() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(options.counterpartControl())
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("gb").asBoolean(false);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A connection to the simulator's file endpoint as its relay counted it ({@code downloads} of its received view),
     * during one test: a connection opened earlier and kept alive counts with what it carried since.
     */
    private record RelayedConnection(long bytes, boolean cut) {

        /**
         * What a relay's cut can lose: the bytes in the sockets' buffers between relay and downloader (megabytes on
         * loopback). Below four times this a file is too small for its bytes to tell a resume from a new start.
         */
        static final long IN_FLIGHT = 16L * 1024 * 1024;

        static List<RelayedConnection> since(List<JsonNode> before, List<JsonNode> now) {
            List<RelayedConnection> out = new ArrayList<>();
            for (int i = 0; i < now.size(); i++) {
                JsonNode c = now.get(i);
                long bytes = c.path("bytesToClient").asLong();
                boolean cut = c.path("cut").asBoolean();
                if (i < before.size()) {
                    bytes -= before.get(i).path("bytesToClient").asLong();
                    cut &= !before.get(i).path("cut").asBoolean();
                }
                if (bytes > 0 || cut) {
                    out.add(new RelayedConnection(bytes, cut));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return bytes + (cut ? " cut" : "");
        }
    }

    /** Where the counterpart echoes: also waits for the answer and compares its payloads with what was sent. */
    private Outcome withEcho(Sent sent, List<Submission.Part> parts) {
        if (sent.outcome().status() != Status.PASSED || actions.receives().isEmpty()) {
            return sent.outcome();
        }
        Optional<MessageSummary> echo = awaitEcho(sent.message().conversationId());
        if (echo.isEmpty()) {
            return Outcome.fail(
                    "taken in, but no answer in its conversation within "
                            + options.messageTimeout().toSeconds() + " s",
                    sent.outcome().messageIds(),
                    sent.outcome().evidence());
        }
        Outcome compared = compareEcho(echo.get(), sent.message(), parts);
        List<TestCaseResult.Evidence> evidence = new ArrayList<>(sent.outcome().evidence());
        evidence.addAll(compared.evidence());
        return new Outcome(
                compared.status(), sent.outcome().detail() + "; " + compared.detail(), compared.messageIds(), evidence);
    }

    private Outcome multiPart() {
        byte[] binary = new byte[64 * 1024];
        new Random(7).nextBytes(binary);
        List<Submission.Part> parts = List.of(
                Submission.Part.of("application/xml", sample("multi-part").getBytes(StandardCharsets.UTF_8)),
                Submission.Part.of("text/plain", "second part of a dkgw chain test".getBytes(StandardCharsets.UTF_8)),
                Submission.Part.of("application/octet-stream", binary));
        return withEcho(send(actions.sends().get(0), parts, null), parts);
    }

    /**
     * Posts the first message again with a new MessageId and one change, and judges the answer: refused (HTTP
     * error, ebMS MessageError, SOAP Fault, or a MessageError sent back on its own) passes; an Acknowledgment fails.
     */
    private Outcome negative(
            String change, UnaryOperator<byte[]> editEnvelope, UnaryOperator<List<Payload>> editPayloads) {
        if (first == null) {
            return Outcome.skip("needs a message this gateway built for the CPA; the one-way test did not send one");
        }
        String id = UUID.randomUUID() + "@chain-test.dkgw";
        byte[] envelope = EnvelopeEdits.setElement(editEnvelope.apply(envelope(first.pk())), "MessageId", id);
        List<Payload> payloads = editPayloads.apply(payloads(first.pk()));
        WireAnswer answer = wire.post(channel.endpoint(), envelope, payloads);
        List<TestCaseResult.Evidence> evidence = new ArrayList<>();
        evidence.add(new TestCaseResult.Evidence("answer to the message (" + change + ")", answer.evidence()));
        if (answer.refused()) {
            return Outcome.pass("refused: " + answer.summary(), List.of(id), evidence);
        }
        if (answer.kind() == WireAnswer.Kind.ACKNOWLEDGMENT) {
            return Outcome.fail(
                    "the counterpart acknowledged a message it must refuse (" + change + ")", List.of(id), evidence);
        }
        if (answer.kind() == WireAnswer.Kind.NO_ANSWER) {
            return Outcome.fail("no answer: " + answer.summary(), List.of(id), evidence);
        }
        Optional<MessageSummary> signal = awaitSignal(id, Duration.ofSeconds(5));
        if (signal.isPresent()) {
            evidence.add(new TestCaseResult.Evidence(
                    signal.get().action() + " sent back",
                    text(envelope(signal.get().pk()))));
            return "MessageError".equals(signal.get().action())
                    ? Outcome.pass("refused with a MessageError sent back", List.of(id), evidence)
                    : Outcome.fail(
                            "the counterpart answered " + signal.get().action() + " to a message it must " + "refuse ("
                                    + change + ")",
                            List.of(id),
                            evidence);
        }
        return Outcome.fail(
                "the counterpart took the message (" + change + ") without refusing it: " + answer.summary(),
                List.of(id),
                evidence);
    }

    // --- helpers

    private boolean taken(MessageSummary m) {
        MessageSummary.Status s = node.messages()
                .report(m.messageId())
                .map(r -> r.message().status())
                .orElse(MessageSummary.Status.FAILED);
        return s == MessageSummary.Status.ACKNOWLEDGED || s == MessageSummary.Status.DELIVERED;
    }

    private MessageReport awaitFinal(String messageId) {
        Instant until = Instant.now().plus(options.messageTimeout());
        MessageReport r = node.messages().report(messageId).orElseThrow();
        while (!r.message().status().isFinal() && Instant.now().isBefore(until)) {
            sleep(Duration.ofMillis(100));
            r = node.messages().report(messageId).orElseThrow();
        }
        // a synchronous Acknowledgment closes the message a moment before its delivery attempt is written down
        Instant settle = Instant.now().plusSeconds(3);
        while (taken(r.message())
                && !lastAttemptAccepted(r.attempts())
                && Instant.now().isBefore(settle)) {
            sleep(Duration.ofMillis(50));
            r = node.messages().report(messageId).orElseThrow();
        }
        return r;
    }

    /** A stored message's envelope as it was on the wire. */
    private byte[] envelope(long pk) {
        return node.messages().wireCopy(pk).map(WireCopy::envelope).orElseThrow();
    }

    /** A stored message's payload parts as they were on the wire. */
    private List<Payload> payloads(long pk) {
        return node.messages().wireCopy(pk).map(WireCopy::payloads).orElseThrow();
    }

    private Optional<MessageSummary> awaitEcho(String conversationId) {
        return awaitEcho(conversationId, options.messageTimeout());
    }

    private Optional<MessageSummary> awaitEcho(String conversationId, Duration wait) {
        Instant until = Instant.now().plus(wait);
        while (true) {
            List<MessageSummary> found = echoes(conversationId);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
            if (!Instant.now().isBefore(until)) {
                return Optional.empty();
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private List<MessageSummary> echoes(String conversationId) {
        return node.inbound().received(MessageRoute.cpa(cpaId), null, 10_000).stream()
                .filter(m -> m.direction() == MessageSummary.Direction.IN && conversationId.equals(m.conversationId()))
                .toList();
    }

    private Optional<MessageSummary> awaitSignal(String refToMessageId, Duration wait) {
        Instant until = Instant.now().plus(wait);
        while (true) {
            Optional<MessageSummary> s = node.messages().signalReply(cpaId, refToMessageId);
            if (s.isPresent() || !Instant.now().isBefore(until)) {
                return s;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static boolean lastAttemptAccepted(List<MessageReport.Attempt> attempts) {
        if (attempts.isEmpty()) {
            return false;
        }
        Integer status = attempts.get(attempts.size() - 1).httpStatus();
        return status != null && status >= 200 && status < 300;
    }

    private static String attempts(List<MessageReport.Attempt> attempts) {
        StringBuilder sb = new StringBuilder();
        for (MessageReport.Attempt a : attempts) {
            sb.append("attempt ")
                    .append(a.attemptNo())
                    .append(" at ")
                    .append(a.startedAt())
                    .append(": ")
                    .append(a.httpStatus() == null ? "no HTTP answer" : "HTTP " + a.httpStatus())
                    .append(", ")
                    .append(a.outcome())
                    .append(" (")
                    .append(a.durationMs())
                    .append(" ms)")
                    .append(a.detail() == null ? "" : " " + a.detail())
                    .append('\n');
        }
        return sb.length() == 0 ? "no attempts" : sb.toString().trim();
    }

    private static String lastAttempt(List<MessageReport.Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "";
        }
        MessageReport.Attempt a = attempts.get(attempts.size() - 1);
        return "; last attempt: " + (a.httpStatus() == null ? "no HTTP answer" : "HTTP " + a.httpStatus()) + " "
                + a.outcome() + (a.detail() == null ? "" : " (" + a.detail() + ")");
    }

    private String sample(String what) {
        return "<dkgw-chain-test xmlns=\"urn:dkgw:chain-test:1\"><test>" + what + "</test><cpa>" + cpaId
                + "</cpa><sent>" + Instant.now() + "</sent></dkgw-chain-test>";
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(data))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
