package nl.dkgw.gateway.msh;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * Sends an MSH request signal (Ping, StatusRequest) to the other party of a CPA and waits for its answer: in the
 * HTTP response (the request carries SyncReply, when the CPA's syncReplyMode is mshSignalsOnly), or, when the peer
 * answers asynchronously (syncReplyMode none), as a signal this node receives and stores.
 */
public final class SignalRequester {

    /** How an exchange ended: the answer, or why there is none. */
    public record Exchange(
            String requestId,
            Optional<EbmsMessage> reply,
            Optional<StoredMessage> asyncReply,
            String failure,
            Duration roundTrip) {
        public boolean answered() {
            return reply.isPresent() || asyncReply.isPresent();
        }

        public String answerAction() {
            return reply.map(r -> r.header().action())
                    .or(() -> asyncReply.map(StoredMessage::action))
                    .orElse(null);
        }
    }

    private final SignalFactory signals;
    private final PeerTransport sender;
    private final SoapWithAttachments mime;
    private final Store store;

    private final MessageSecurity security;

    public SignalRequester(
            SignalFactory signals,
            PeerTransport sender,
            SoapWithAttachments mime,
            Store store,
            MessageSecurity security) {
        this.security = security;
        this.signals = signals;
        this.sender = sender;
        this.mime = mime;
        this.store = store;
    }

    public Exchange request(Cpa cpa, PartyId self, String action, String statusRequestRef, Duration timeout) {
        // wall time on purpose: the round trip and the wait for an asynchronous answer are real time elapsing, not
        // decisions about a message (its timestamp comes from the SignalFactory's clock)
        Instant started = Instant.now();
        PartyId other =
                cpa.parties().stream().filter(p -> !p.equals(self)).findFirst().orElse(self);
        // SyncReply only where the CPA agrees signals come back on the connection; otherwise the peer answers with a
        // message of its own, which this node receives, stores and matches below
        boolean syncReply = cpa.signalSyncReplyModeOf(self) == SyncReplyMode.MSH_SIGNALS_ONLY;
        EbmsMessage request = signals.request(
                cpa.cpaId(),
                self,
                cpa.roleOf(self).orElse(null),
                other,
                cpa.roleOf(other).orElse(null),
                action,
                statusRequestRef,
                syncReply);
        String id = request.header().messageId();
        URI endpoint;
        try {
            endpoint = cpa.signalEndpointOf(other);
        } catch (CpaResolutionException e) {
            return failed(id, e.getMessage(), started);
        }
        SendOutcome outcome = sender.post(endpoint, mime.pack(security.sealSignal(request, cpa, self), List.of()));
        if (outcome instanceof SendOutcome.Retryable r) {
            return failed(id, r.reason(), started);
        }
        if (outcome instanceof SendOutcome.Refused f) {
            return failed(
                    id,
                    f.reason()
                            + read(f.contentType(), f.body())
                                    .filter(EbmsMessage::isErrorMessage)
                                    .map(m -> ": " + m.errors())
                                    .orElse(""),
                    started);
        }
        SendOutcome.Accepted a = (SendOutcome.Accepted) outcome;
        Optional<EbmsMessage> reply = read(a.contentType(), a.body());
        if (reply.isPresent()) {
            return new Exchange(id, reply, Optional.empty(), null, Duration.between(started, Instant.now()));
        }
        Instant deadline = started.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<StoredMessage> answer = store.messages().findSignalReply(cpa.cpaId(), id);
            if (answer.isPresent()) {
                return new Exchange(id, Optional.empty(), answer, null, Duration.between(started, Instant.now()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return failed(id, "HTTP " + a.status() + " but no answer to the " + action + " within " + timeout, started);
    }

    private static Exchange failed(String id, String reason, Instant started) {
        return new Exchange(id, Optional.empty(), Optional.empty(), reason, Duration.between(started, Instant.now()));
    }

    private Optional<EbmsMessage> read(String contentType, byte[] body) {
        return SignalReply.read(mime, contentType, body).map(SignalReply::message);
    }
}
