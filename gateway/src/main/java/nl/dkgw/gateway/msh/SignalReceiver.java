package nl.dkgw.gateway.msh;

import java.util.Optional;
import java.util.stream.Collectors;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.MessageStore;
import nl.dkgw.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies signals that answer messages this gateway sent, whether they came back synchronously in the HTTP response
 * or asynchronously as their own request: an Acknowledgment closes a reliable message, a MessageError fails it,
 * a Pong or StatusResponse is kept for whoever asked.
 */
public final class SignalReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(SignalReceiver.class);

    private final MessageStore store;

    public SignalReceiver(MessageStore store) {
        this.store = store;
    }

    /** What the signal did. */
    public enum Effect { ACKNOWLEDGED, FAILED, KEPT, IGNORED }

    public Effect onSignal(EbmsMessage signal, byte[] envelope) {
        String cpaId = signal.header().cpaId();
        if (signal.acknowledgment() != null) {
            String ref = signal.acknowledgment().refToMessageId();
            Optional<StoredMessage> acked = store.acknowledge(cpaId, ref, envelope);
            LOG.atInfo().addKeyValue("event", acked.isPresent() ? "message.acknowledged" : "ack.unmatched")
                    .addKeyValue("messageId", ref).addKeyValue("cpaId", cpaId).log("acknowledgment received");
            return acked.isPresent() ? Effect.ACKNOWLEDGED : Effect.IGNORED;
        }
        if (signal.isErrorMessage()) {
            String ref = signal.header().refToMessageId();
            String description = signal.errors().stream().map(Object::toString).collect(Collectors.joining("; "));
            keep(signal, envelope);
            Optional<StoredMessage> original = ref == null ? Optional.empty()
                    : store.find(Direction.OUT, cpaId, ref);
            original.filter(m -> m.status() == MessageStatus.PENDING).ifPresent(m ->
                    store.deliveryEnded(m.pk(), null, MessageStatus.FAILED, "MessageError from peer: " + description));
            LOG.atWarn().addKeyValue("event", "message.error-received").addKeyValue("messageId", ref)
                    .addKeyValue("cpaId", cpaId).log("MessageError received: {}", description);
            return Effect.FAILED;
        }
        keep(signal, envelope);
        LOG.atInfo().addKeyValue("event", "signal.received").addKeyValue("action", signal.header().action())
                .addKeyValue("refToMessageId", signal.header().refToMessageId()).addKeyValue("cpaId", cpaId)
                .log("signal received");
        return Effect.KEPT;
    }

    private void keep(EbmsMessage signal, byte[] envelope) {
        try {
            store.insert(OutboundMessages.record(signal, Direction.IN, MessageKind.SIGNAL, null, envelope), null);
        } catch (MessageStore.DuplicateMessageException e) {
            // the same signal twice: already kept
        }
    }
}
