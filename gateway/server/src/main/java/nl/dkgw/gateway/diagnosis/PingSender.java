package nl.dkgw.gateway.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.msh.HttpSender;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.SendOutcome;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.msh.SignalReply;
import nl.dkgw.pki.Oin;

/**
 * Sends one ebMS Ping to the partner's endpoint (with SyncReply when the CPA's syncReplyMode is mshSignalsOnly, or
 * when there is no node inbox to receive an asynchronous Pong) and returns the answer: the signal in the HTTP response, or, when there is none and a node's inbox is available, the signal that
 * arrives at our endpoint within the timeout.
 */
final class PingSender {

    private static final int MAX_PARTS = 16;
    private final SignalFactory signals;
    private final HttpSender sender;
    private final SoapWithAttachments mime = new SoapWithAttachments(MAX_PARTS);
    private final Optional<SignalInbox> inbox;

    PingSender(Oin ownOin, HttpSender sender, Optional<SignalInbox> inbox) {
        this.signals = new SignalFactory(new MessageIds(ownOin.value() + ".dkgw"));
        this.sender = sender;
        this.inbox = inbox;
    }

    PingAnswer ping(LinkFacts facts, Duration timeout) {
        Instant started = Instant.now();
        EbmsMessage ping = signals.request(
                facts.cpa.cpaId(),
                facts.self,
                facts.cpa.roleOf(facts.self).orElse(null),
                facts.partner,
                facts.cpa.roleOf(facts.partner).orElse(null),
                "Ping",
                null,
                inbox.isEmpty() || facts.cpa.signalSyncReplyModeOf(facts.self) == SyncReplyMode.MSH_SIGNALS_ONLY);
        String id = ping.header().messageId();
        SendOutcome outcome = sender.post(facts.endpoint, mime.pack(new EnvelopeWriter().bytes(ping), List.of()));
        if (outcome instanceof SendOutcome.Retryable r) {
            return new PingAnswer(id, r.status(), Optional.empty(), false, false, r.reason(), since(started));
        }
        if (outcome instanceof SendOutcome.Refused f) {
            return new PingAnswer(
                    id, f.status(), read(f.contentType(), f.body()), false, false, f.reason(), since(started));
        }
        SendOutcome.Accepted a = (SendOutcome.Accepted) outcome;
        Optional<EbmsMessage> reply = read(a.contentType(), a.body());
        if (reply.isPresent() || inbox.isEmpty()) {
            return new PingAnswer(id, a.status(), reply, false, false, null, since(started));
        }
        Duration left = timeout.minus(since(started));
        Optional<EbmsMessage> async =
                inbox.get().await(facts.cpa.cpaId(), id, left.isNegative() ? Duration.ZERO : left);
        return new PingAnswer(id, a.status(), async, async.isPresent(), true, null, since(started));
    }

    private Optional<EbmsMessage> read(String contentType, byte[] body) {
        return SignalReply.read(mime, contentType, body).map(SignalReply::message);
    }

    private static Duration since(Instant started) {
        return Duration.between(started, Instant.now());
    }
}
