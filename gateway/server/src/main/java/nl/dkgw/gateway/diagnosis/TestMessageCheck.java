package nl.dkgw.gateway.diagnosis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageService;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmitResult;

/**
 * Layer 11 (only when asked): a real business message with the given service and action goes through the running
 * node and is acknowledged (reliable profiles) or accepted (best-effort profiles) by the partner.
 */
final class TestMessageCheck implements LinkCheck {

    private static final Duration POLL = Duration.ofMillis(200);
    private final Optional<MessageService> node;

    TestMessageCheck(Optional<MessageService> node) {
        this.node = node;
    }

    @Override
    public Layer layer() {
        return Layer.TEST_MESSAGE;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        if (facts.request.testMessage().isEmpty()) {
            return LayerResult.skipped(layer(), "not asked for (give a service and action to send a test message)");
        }
        if (node.isEmpty()) {
            return LayerResult.skipped(
                    layer(),
                    "a test message needs a running node to send and follow it; run "
                            + "the diagnosis through the node's admin API");
        }
        DiagnosisRequest.TestMessage test = facts.request.testMessage().get();
        byte[] text = ("dkgw link diagnosis test message, " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        SubmitResult result = node.get()
                .submit(Submission.of(
                        facts.cpa.cpaId(), test.service(), test.action(), Submission.Part.of("text/plain", text)));
        if (result instanceof SubmitResult.Refused refused) {
            return LayerResult.fail(
                    layer(),
                    "the test message " + test.service() + "/" + test.action() + " was not accepted for sending: "
                            + refused.detail(),
                    "pick a service and action the CPA lets " + "this party send");
        }
        MessageSummary submitted = ((SubmitResult.Accepted) result).message();
        MessageReport report = follow(submitted.messageId(), facts.request.testMessageTimeout());
        MessageSummary m = report.message();
        String which = "test message " + m.messageId() + " (" + test.service() + "/" + test.action() + ")";
        if (m.status() == MessageSummary.Status.ACKNOWLEDGED) {
            return LayerResult.pass(
                    layer(),
                    which + " was acknowledged by the partner" + (report.hasReceipt() ? " with a signed receipt" : ""));
        }
        if (m.status() == MessageSummary.Status.DELIVERED) {
            return LayerResult.pass(
                    layer(), which + " was accepted by the partner (best-effort profile: no " + "acknowledgment)");
        }
        String last = lastAttempt(report.attempts());
        if (m.status() == MessageSummary.Status.FAILED) {
            return LayerResult.fail(
                    layer(),
                    which + " failed: " + m.statusDetail() + last,
                    "the Ping worked, so look at what the partner says about the message (its MessageError) "
                            + "and at the action's profile in the CPA");
        }
        return LayerResult.fail(
                layer(),
                which + " was not acknowledged within " + facts.request.testMessageTimeout() + " (still " + m.status()
                        + ")" + last,
                "the gateway keeps retrying it; ask the partner whether it arrived (a StatusRequest: admin API "
                        + "POST /api/status-request) and whether they send acknowledgments to our endpoint");
    }

    private MessageReport follow(String messageId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        MessageReport report = node.get().report(messageId).orElseThrow();
        while (!report.message().status().isFinal() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            report = node.get().report(messageId).orElseThrow();
        }
        return report;
    }

    private static String lastAttempt(List<MessageReport.Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "";
        }
        MessageReport.Attempt a = attempts.get(attempts.size() - 1);
        return "; last attempt " + a.attemptNo() + ": " + a.outcome()
                + (a.httpStatus() == null ? "" : " HTTP " + a.httpStatus())
                + (a.detail() == null ? "" : ", " + a.detail());
    }
}
