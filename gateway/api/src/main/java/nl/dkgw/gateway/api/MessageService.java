package nl.dkgw.gateway.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sending through one gateway node, and what became of it: the calls the admin API, the {@code ebms:} producer, the
 * link diagnosis and the chain-test suite use. Values in and out; the store behind it is not visible.
 */
public interface MessageService {

    /** Accepts a business message for delivery (stored before this returns), or says why not. */
    SubmitResult submit(Submission submission);

    /** Queues a FAILED outbound message for delivery again (same MessageId); {@code by} names who asked. */
    ResendResult resend(String messageId, String by);

    /** The message with this MessageId, its delivery attempts and the signals about it this node refused. */
    Optional<MessageReport> report(String messageId);

    /** The Acknowledgment that closed a reliable message this node sent (a signed receipt on signed channels). */
    Optional<byte[]> receipt(String messageId);

    /** Sends an ebMS Ping to the other party of the CPA and waits for the Pong. */
    PingResult ping(String cpaId, Duration timeout);

    /** Asks the other party of the CPA what became of a message this node sent it (ebMS StatusRequest). */
    StatusResult statusRequest(String cpaId, String messageId, Duration timeout);

    /** Outbound business messages that finally failed, keys above {@code afterPk}, oldest first. */
    List<MessageSummary> failed(MessageRoute route, long afterPk, int limit);

    /** The signal this node received in reply to {@code refToMessageId} (e.g. an asynchronous Pong), if any. */
    Optional<MessageSummary> signalReply(String cpaId, String refToMessageId);

    /** A stored message as it was on the wire. */
    Optional<WireCopy> wireCopy(long pk);
}
