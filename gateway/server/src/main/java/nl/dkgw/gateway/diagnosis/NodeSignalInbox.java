package nl.dkgw.gateway.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.api.MessageService;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.WireCopy;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;

/** The signals a running node received and stored. */
final class NodeSignalInbox implements SignalInbox {

    private static final Duration POLL = Duration.ofMillis(100);
    private final MessageService messages;

    NodeSignalInbox(MessageService messages) {
        this.messages = messages;
    }

    @Override
    public Optional<EbmsMessage> await(String cpaId, String refToMessageId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            Optional<WireCopy> stored = messages.signalReply(cpaId, refToMessageId)
                    .map(MessageSummary::pk)
                    .flatMap(messages::wireCopy);
            if (stored.isPresent()) {
                try {
                    return Optional.of(new EnvelopeReader().read(stored.get().envelope(), List.of()));
                } catch (Exception e) {
                    return Optional.empty();
                }
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (Instant.now().isBefore(deadline));
        return Optional.empty();
    }
}
