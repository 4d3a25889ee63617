package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message row's created and updated times come from the store's clock (this node's), in every change: retention
 * compares them with cut-offs taken from the same clock.
 */
class RowTimestampsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
    private GatewayDatabase db;
    private Store store;

    @BeforeEach
    void open() {
        db = GatewayDatabase.open("jdbc:h2:mem:rows-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        store = JdbcStore.of(db.dataSource(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void markingAReceivedMessageProcessedStampsItWithTheStoresClock() throws Exception {
        long pk = store.messages()
                .insert(
                        new NewMessage(
                                Direction.IN,
                                MessageKind.USER,
                                UUID.randomUUID() + "@peer",
                                "cpa-1",
                                "conv-1",
                                null,
                                "urn:osb:oin:2",
                                "B",
                                "urn:osb:oin:1",
                                "A",
                                "svc",
                                "act",
                                "osb-rm",
                                MessageStatus.RECEIVED,
                                null,
                                new byte[] {1},
                                List.of()),
                        null);
        assertThat(store.messages().findByPk(pk).orElseThrow().createdAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(5));
        assertThat(store.messages().markProcessed(pk)).isTrue();

        assertThat(store.messages().findByPk(pk).orElseThrow().updatedAt()).isEqualTo(clock.instant());
    }
}
