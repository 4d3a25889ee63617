package nl.dkgw.gateway.msh;

import java.time.Clock;
import java.util.UUID;

/**
 * UUIDs of version 7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, the other 74 free bits random (from
 * {@link UUID#randomUUID()}, a cryptographically strong source). Ids made later sort after earlier ones (within one
 * millisecond in random order), so the database indexes keyed on MessageIds and ConversationIds take new entries at
 * their end instead of all over the tree: on H2 every index page a commit changed is written again, and random keys
 * changed a different page for each message.
 */
public final class TimeOrderedUuid {

    private static final long VERSION_7 = 0x7000L;
    private static final long RANDOM_A = 0x0FFFL;

    private TimeOrderedUuid() {}

    public static UUID next() {
        return next(Clock.systemUTC());
    }

    /** A version 7 UUID for {@code clock}'s current millisecond. */
    public static UUID next(Clock clock) {
        UUID random = UUID.randomUUID();
        long millis = clock.millis() & 0xFFFF_FFFF_FFFFL;
        long high = (millis << 16) | VERSION_7 | (random.getMostSignificantBits() & RANDOM_A);
        // randomUUID's low half already carries the RFC variant bits (10) in front of its 62 random bits
        return new UUID(high, random.getLeastSignificantBits());
    }
}
