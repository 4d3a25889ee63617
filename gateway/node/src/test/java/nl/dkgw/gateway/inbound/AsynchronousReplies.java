package nl.dkgw.gateway.inbound;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.xml.SafeXml;
import org.awaitility.Awaitility;

/**
 * The signal a node received as a message of its own in reply to a message a raw test client posted in that node's
 * party's name: where a MessageError goes when the CPA's syncReplyMode is none and the sender is authenticated.
 */
final class AsynchronousReplies {

    private AsynchronousReplies() {}

    /** Waits for the signal on CPA {@code cpaId} that refers to {@code messageId} to arrive at {@code node}. */
    static EbmsMessage awaitReplyTo(Gateway node, String cpaId, String messageId) {
        StoredMessage stored = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> NodeInternals.store(node).messages().findSignalReply(cpaId, messageId),
                        Optional::isPresent)
                .orElseThrow();
        try {
            return new EnvelopeReader()
                    .read(SafeXml.parse(NodeInternals.store(node).messages().envelope(stored.pk())), List.of());
        } catch (Exception e) {
            throw new AssertionError(
                    "the signal " + stored.messageId() + " that " + node + " received is not " + "readable: " + e, e);
        }
    }
}
