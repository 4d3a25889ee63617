package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A refused signal is recorded only against an outbound message of its own CPA that went to the party the signal
 * comes from: no party can annotate another party's message. On H2 and PostgreSQL (the refused_signal migration).
 */
@Slow
class SignalRefusalLinkTest {

    private static final PartyId US = PartyId.oin("00000099000000001000");
    private static final PartyId PEER = PartyId.oin("00000099000000002000");
    private static final PartyId OTHER_PEER = PartyId.oin("00000099000000003000");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRefusalIsLinkedOnlyToAMessageOfTheSameCpaSentToTheSignalsSender(String database) throws Exception {
        GatewayDatabase db = open(database);
        try {
            Store store = JdbcStore.of(db.dataSource());
            RefusedSignals refusals = new JdbcRefusedSignals(db.dataSource());
            SignalReceiver receiver = new SignalReceiver(store, refusals, null, null, null);
            long toPeer = store.messages().insert(sent("cpa-1", "m1@us", PEER), null);
            long toOtherPeer = store.messages().insert(sent("cpa-2", "m2@us", OTHER_PEER), null);
            EbmsError failure = EbmsError.error(ErrorCode.SecurityFailure, "//ds:Signature", "signature invalid");

            receiver.refused(acknowledgment("cpa-1", "ack-1@peer", PEER, "m1@us"), PEER, failure);
            // the peer names the other peer's message: on its own CPA it does not exist, on the other CPA it was
            // not sent to the peer
            receiver.refused(acknowledgment("cpa-1", "ack-2@peer", PEER, "m2@us"), PEER, failure);
            receiver.refused(acknowledgment("cpa-2", "ack-3@peer", PEER, "m2@us"), PEER, failure);

            List<RefusedSignal> linked = refusals.about(toPeer);
            assertThat(linked).singleElement().satisfies(r -> {
                assertThat(r.signalMessageId()).isEqualTo("ack-1@peer");
                assertThat(r.action()).isEqualTo("Acknowledgment");
                assertThat(r.errorCode()).isEqualTo("SecurityFailure");
                assertThat(r.description()).isEqualTo("signature invalid");
                assertThat(r.at()).isNotNull();
            });
            assertThat(refusals.about(toOtherPeer)).isEmpty();
        } finally {
            db.close();
        }
    }

    private static NewMessage sent(String cpaId, String messageId, PartyId to) {
        return new NewMessage(
                Direction.OUT,
                MessageKind.USER,
                messageId,
                cpaId,
                "conv",
                null,
                US.toString(),
                "A",
                to.toString(),
                "B",
                "svc",
                "act",
                "osb-rm",
                MessageStatus.PENDING,
                null,
                new byte[] {1},
                List.of(),
                null);
    }

    private static EbmsMessage acknowledgment(String cpaId, String id, PartyId from, String ref) {
        MessageHeader h = new MessageHeader(
                cpaId,
                "conv",
                from,
                null,
                US,
                null,
                Namespaces.MSH_SERVICE,
                null,
                "Acknowledgment",
                id,
                Instant.now(),
                ref,
                null,
                false);
        return new EbmsMessage(
                h,
                null,
                false,
                null,
                new EbmsMessage.Acknowledgment(Instant.now(), ref),
                List.of(),
                null,
                null,
                null,
                List.of());
    }

    private static GatewayDatabase open(String database) {
        if (database.equals("h2")) {
            return GatewayDatabase.open(
                    "jdbc:h2:mem:refusals-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        }
        RealPostgres.Database pg = RealPostgres.newDatabase();
        return GatewayDatabase.open(pg.jdbcUrl(), pg.user(), pg.password(), 2);
    }
}
