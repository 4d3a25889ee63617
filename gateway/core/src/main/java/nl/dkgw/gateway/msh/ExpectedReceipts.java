package nl.dkgw.gateway.msh;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import nl.dkgw.gateway.xml.XmlElement;

/**
 * What the Acknowledgment of each signed message this node stored lately must carry, kept in memory so that the
 * signed receipt is checked without reading the sent envelope back from the store and parsing it (issue 15: 3 % of
 * the sender's samples on osb-rm-s). Only the most recent {@value #MOST_KEPT} are kept, the oldest let go first; a
 * message not found here (let go, stored before this node started, or sent by another node on the same database) is
 * checked against its stored envelope as before.
 *
 * <p>Without a lock: every signed message passes here three times (stored, its Acknowledgment checked and applied),
 * from many threads at once, and a monitor around the map made them queue behind whichever holder the scheduler had
 * set aside (issue 15: 278 waits of 20 ms or more on the sender in a 100 s osb-rm-s run). The bound may be overshot
 * by a few entries while several threads add at once.
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
    private final Map<Key, Expected> kept = new ConcurrentHashMap<>();
    /**
     * The keys in the order they were expected, oldest first; a forgotten one stays until it comes up, so this holds
     * at most twice {@link #mostKept} keys.
     */
    private final Queue<Key> order = new ConcurrentLinkedQueue<>();

    private final AtomicInteger ordered = new AtomicInteger();

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
    void expect(String cpaId, String messageId, Expected expected) {
        Key key = new Key(cpaId, messageId);
        kept.put(key, expected);
        order.add(key);
        ordered.incrementAndGet();
        while (kept.size() > mostKept || ordered.get() > 2 * mostKept) {
            Key oldest = order.poll();
            if (oldest == null) {
                return;
            }
            ordered.decrementAndGet();
            kept.remove(oldest);
        }
    }

    /** What was kept for the message, if it still is. */
    Optional<Expected> find(String cpaId, String messageId) {
        return Optional.ofNullable(kept.get(new Key(cpaId, messageId)));
    }

    /** Lets the message go: its Acknowledgment was applied. */
    void forget(String cpaId, String messageId) {
        kept.remove(new Key(cpaId, messageId));
    }

    /** How many keys wait in the order of expectation, forgotten ones included; for tests. */
    int ordered() {
        return ordered.get();
    }

    int size() {
        return kept.size();
    }
}
