package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {

    private static final Instant NOW = Instant.parse("2026-12-03T21:30:00.123Z");

    @Test
    void isAVersion7UuidCarryingTheClocksMillisecond() {
        UUID id = TimeOrderedUuid.next(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        // the text form starts with the 48 time bits in hex, as RFC 9562's examples show
        assertThat(id.toString())
                .startsWith(String.format("%08x-%04x", NOW.toEpochMilli() >>> 16, NOW.toEpochMilli() & 0xFFFF));
    }

    @Test
    void idsOfALaterMillisecondSortAfterEarlierOnesAlsoAsText() {
        List<String> made = new ArrayList<>();
        for (int ms = 0; ms < 50; ms++) {
            made.add(TimeOrderedUuid.next(Clock.fixed(NOW.plusMillis(ms), ZoneOffset.UTC))
                    .toString());
        }

        assertThat(made).isSorted();
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Clock frozen = Clock.fixed(NOW, ZoneOffset.UTC);
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedUuid.next(frozen));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void messageIdsAreTimeOrderedUuidsAtTheNodesHost() {
        String id = new MessageIds("00000001234567890000.dkgw").next();

        assertThat(id).endsWith("@00000001234567890000.dkgw");
        assertThat(UUID.fromString(id.substring(0, id.indexOf('@'))).version()).isEqualTo(7);
    }
}
