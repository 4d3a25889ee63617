package nl.dkgw.gateway.diagnosis;

import java.util.List;
import java.util.stream.Collectors;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.ErrorCode;

/**
 * Layer 10: the partner's message service handler answers an ebMS Ping with a Pong. A partner that does not support
 * Ping (MessageError NotSupported, another answer, or no Pong at all) is reported as a warning, not as a broken
 * link: its endpoint took the Ping. A MessageError for any other reason (unknown CPA, security) is a failure.
 */
final class PingCheck implements LinkCheck {

    private static final String NOT_SUPPORTED = "Ping not supported by the peer";
    private final PingSender sender;

    PingCheck(PingSender sender) {
        this.sender = sender;
    }

    @Override
    public Layer layer() {
        return Layer.EBMS_PING;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        PingAnswer answer = sender.ping(facts, facts.request.pingTimeout());
        if (answer.reply().isPresent()) {
            return judge(facts, answer, answer.reply().get());
        }
        if (answer.failure() != null) {
            return LayerResult.fail(
                    layer(),
                    "our Ping " + answer.pingId() + " was not taken: " + answer.failure(),
                    answer.httpStatus() != null && answer.httpStatus() >= 500
                            ? "the partner's ebMS service fails on a valid Ping; send the partner this report"
                            : "send the partner this report with the Ping's MessageId; their gateway logs why");
        }
        if (answer.waitedForAsync()) {
            return LayerResult.warn(
                    layer(),
                    NOT_SUPPORTED + ": it took our Ping " + answer.pingId() + " (HTTP " + answer.httpStatus()
                            + ") but no Pong arrived within " + facts.request.pingTimeout(),
                    "the link works up to the partner's endpoint; prove the rest with a test message "
                            + "(--test-message SERVICE ACTION) or ask the partner whether they answer Ping");
        }
        return LayerResult.warn(
                layer(),
                "no Pong came back on the connection (HTTP " + answer.httpStatus() + "): "
                        + NOT_SUPPORTED
                        + ", or it sends the Pong asynchronously to our own endpoint, which only a running "
                        + "node receives",
                "run the diagnosis on the running node (admin API, dkgw ping --diagnose) to wait "
                        + "for an asynchronous Pong");
    }

    private LayerResult judge(LinkFacts facts, PingAnswer answer, EbmsMessage reply) {
        String action = reply.header() == null ? null : reply.header().action();
        String how = answer.asynchronous() ? "asynchronously" : "on the same connection";
        if ("Pong".equals(action)) {
            String from = reply.header().from() == null
                    ? facts.partner.value()
                    : reply.header().from().value();
            return LayerResult.pass(
                    layer(),
                    "Pong from " + from + " " + how + " in "
                            + answer.roundTrip().toMillis() + " ms (Ping " + answer.pingId() + ")");
        }
        if (!reply.isErrorMessage()) {
            return LayerResult.warn(
                    layer(),
                    NOT_SUPPORTED + ": it answered our Ping with " + action + " instead of Pong",
                    "the link works up to the partner's message service; prove the rest with "
                            + "a test message (--test-message SERVICE ACTION)");
        }
        List<EbmsError> errors = reply.errors();
        String listed =
                errors.stream().map(e -> e.code() + ": " + e.description()).collect(Collectors.joining("; "));
        if (errors.stream().allMatch(e -> e.code() == ErrorCode.NotSupported)) {
            return LayerResult.warn(
                    layer(),
                    NOT_SUPPORTED + ": it answered MessageError " + listed,
                    "the link works up to the partner's message service; prove the rest with a test message "
                            + "(--test-message SERVICE ACTION)");
        }
        return LayerResult.fail(
                layer(),
                "the partner's message service refused our Ping with MessageError " + listed,
                advice(facts, errors.get(0).code()));
    }

    private static String advice(LinkFacts facts, ErrorCode code) {
        String cpaId = facts.cpa.cpaId();
        if (code == ErrorCode.ValueNotRecognized) {
            return "the partner does not recognise CPA " + cpaId + " or its parties: ask them to import this CPA "
                    + "(same CPAId and version) on their gateway";
        }
        if (code == ErrorCode.SecurityFailure) {
            return "the partner does not accept our certificate for party " + facts.self.value()
                    + ": check that the CPA names the client certificate this gateway uses";
        }
        if (code == ErrorCode.Inconsistent) {
            return "the partner's CPA " + cpaId + " differs from ours (sync reply mode, roles): compare both copies "
                    + "and agree on one version";
        }
        return "send the partner this report with the Ping's MessageId; their gateway logs why";
    }
}
