package nl.dkgw.gateway.store;

import java.util.Optional;
import java.util.Set;

/**
 * What the peer's signals do to the outbound message they name: an Acknowledgment closes it, a MessageError fails
 * it. Each change is conditional on the status the message must still be in, so an answer racing a final failure,
 * another node's attempt or the same answer twice changes the message once.
 */
public interface PeerAnswers {

    /** What an acknowledgment did to the outbound message it names. */
    enum Acknowledged {
        /** The message was waiting (PENDING, or DELIVERED best effort): it is ACKNOWLEDGED now, its task gone. */
        CLOSED,
        /** The message had ended before (acknowledged, failed): nothing changed. */
        ALREADY_ENDED,
        /** No outbound message of the CPA has that MessageId. */
        UNKNOWN
    }

    /**
     * An acknowledgment arrived for an outbound message: close it and keep the receipt, if it is PENDING or
     * DELIVERED. The delivery task goes only when the message was closed. When nothing was closed, the answer tells
     * an ended message from an unknown one.
     */
    Acknowledged acknowledge(String cpaId, String refToMessageId, byte[] receipt);

    /**
     * As {@link #acknowledge(String, String, byte[])} for an acknowledgment that came back as the response to a post
     * (synchronous acknowledgment): the attempt that carried it, an attempt of message {@code messagePk}, is recorded
     * in the same transaction, unless the answer is {@link Acknowledged#UNKNOWN} (then nothing is written).
     */
    Acknowledged acknowledge(
            String cpaId, String refToMessageId, byte[] receipt, long messagePk, DeliveryAttempt carriedBy);

    /**
     * What {@link #acknowledgeUnchecked} did: closed the message, or changed nothing and found the message that the
     * MessageId names (outbound rows first), if any, with its envelope as stored, for the caller's checks.
     */
    record FirstAnswer(boolean closed, Optional<StoredMessage> named, byte[] namedEnvelope) {

        static final FirstAnswer CLOSED = new FirstAnswer(true, Optional.empty(), null);
        static final FirstAnswer NOTHING_NAMED = new FirstAnswer(false, Optional.empty(), null);

        /** Closed the message. */
        public static FirstAnswer closedIt() {
            return CLOSED;
        }

        /** Changed nothing; {@code named} (with its envelope) or nothing is what the MessageId names. */
        public static FirstAnswer leftToTheCaller(StoredMessage named, byte[] envelope) {
            return named == null ? NOTHING_NAMED : new FirstAnswer(false, Optional.of(named), envelope);
        }
    }

    /**
     * An acknowledgment the caller need not check first, as long as the message it names was sent with one of
     * {@code profiles} (those whose receipts are not verified): closes it as {@link #acknowledge(String, String,
     * byte[])} does, if it is waiting. Otherwise nothing changes and the answer carries the message the MessageId
     * names, read in the same transaction, so the caller can check the acknowledgment and then acknowledge.
     */
    FirstAnswer acknowledgeUnchecked(String cpaId, String refToMessageId, byte[] receipt, Set<String> profiles);

    /**
     * The peer answered an outbound message with a MessageError: it ends as FAILED, whether it was still waiting
     * (PENDING) or already counted as DELIVERED (a best-effort message the peer refused asynchronously). False when
     * it had ended otherwise (acknowledged, failed before); then its task is left alone too.
     */
    boolean refusedByPeer(long pk, String detail);
}
