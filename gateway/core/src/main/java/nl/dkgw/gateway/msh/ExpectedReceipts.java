package nl.dkgw.gateway.msh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.gateway.xml.XmlElement;

/**
 * What the Acknowledgment of each signed message this node stored lately must carry, kept in memory so that the
 * signed receipt is checked without reading the sent envelope back from the store and parsing it (issue 15: 3 % of
 * the sender's samples on osb-rm-s). Only the most recent {@value #MOST_KEPT} are kept, the oldest let go first; a
 * message not found here (let go, stored before this node started, or sent by another node on the same database) is
 * checked against its stored envelope as before.
 */
final class ExpectedReceipts {

    /** How many messages are kept at most: a few seconds of signed traffic at full rate. */
    static final int MOST_KEPT = 1024;

    /**
     * What one message asked for.
     *
     * @param signedReceiptAsked whether its eb:AckRequested asked for a signed Acknowledgment
     * @param references the ds:Reference elements of its signature, which a signed receipt must carry
     */
    record Expected(boolean signedReceiptAsked, List<XmlElement> references) {
        Expected {
            references = List.copyOf(references);
        }
    }

    private record Key(String cpaId, String messageId) {}

    private final int mostKept;
    private final Map<Key, Expected> kept = new LinkedHashMap<>();

    ExpectedReceipts() {
        this(MOST_KEPT);
    }

    ExpectedReceipts(int mostKept) {
        if (mostKept < 1) {
            throw new IllegalArgumentException("mostKept must be at least 1, was " + mostKept);
        }
        this.mostKept = mostKept;
    }

    /** Keeps what the receipt of a message just stored must carry; call it only once the message is stored. */
    synchronized void expect(String cpaId, String messageId, Expected expected) {
        kept.put(new Key(cpaId, messageId), expected);
        if (kept.size() > mostKept) {
            kept.remove(kept.keySet().iterator().next());
        }
    }

    /** What was kept for the message, if it still is. */
    synchronized Optional<Expected> find(String cpaId, String messageId) {
        return Optional.ofNullable(kept.get(new Key(cpaId, messageId)));
    }

    /** Lets the message go: its Acknowledgment was applied. */
    synchronized void forget(String cpaId, String messageId) {
        kept.remove(new Key(cpaId, messageId));
    }

    synchronized int size() {
        return kept.size();
    }
}
