package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
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
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcMessageQueries;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Party B's signal, sent on B's own CPA, about a message this gateway sent party A: it is ignored (only A can
 * acknowledge or refuse A's message), and logged as a cross-party signal, never as an error or receipt of A's message.
 */
class CrossPartySignalTest {

    private static final PartyId US = PartyId.oin("00000099000000001000");
    private static final PartyId A = PartyId.oin("00000099000000002000");
    private static final PartyId B = PartyId.oin("00000099000000003000");
    private static final String CPA_A = "cpa-with-a";
    private static final String CPA_B = "cpa-with-b";

    private GatewayDatabase db;
    private Store store;
    private SignalReceiver receiver;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(SignalReceiver.class);
    private String sentToA;

    @BeforeEach
    void storeAMessageSentToA() throws Exception {
        db = GatewayDatabase.open("jdbc:h2:mem:cross-party-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        store = JdbcStore.of(db.dataSource());
        receiver = new SignalReceiver(
                store, new JdbcRefusedSignals(db.dataSource()), cpaId -> Optional.empty(), null, MshEvents.NONE);
        sentToA = UUID.randomUUID() + "@us.test";
        store.messages()
                .insert(
                        new NewMessage(
                                Direction.OUT,
                                MessageKind.USER,
                                sentToA,
                                CPA_A,
                                "conv-1",
                                null,
                                US.toString(),
                                "Aanleverer",
                                A.toString(),
                                "Ontvanger",
                                "svc",
                                "act",
                                "osb-rm",
                                MessageStatus.PENDING,
                                null,
                                new byte[] {1},
                                List.of()),
                        null);
        logs.start();
        log.addAppender(logs);
    }

    @AfterEach
    void close() {
        log.detachAppender(logs);
        db.close();
    }

    private static EbmsMessage signal(
            String cpaId,
            PartyId from,
            String action,
            String ref,
            EbmsMessage.Acknowledgment ack,
            List<EbmsError> errors) {
        MessageHeader h = new MessageHeader(
                cpaId,
                "conv-1",
                from,
                null,
                US,
                null,
                Namespaces.MSH_SERVICE,
                null,
                action,
                UUID.randomUUID() + "@peer.test",
                Instant.now(),
                ref,
                null,
                false);
        return new EbmsMessage(h, null, false, null, ack, errors, null, null, null, List.of());
    }

    private static EbmsMessage messageError(String cpaId, PartyId from, String ref) {
        return signal(
                cpaId,
                from,
                "MessageError",
                ref,
                null,
                List.of(EbmsError.error(ErrorCode.SecurityFailure, "//ds:Signature", "refused")));
    }

    private List<Map<String, String>> events() {
        return logs.list.stream()
                .map(e -> e.getKeyValuePairs() == null
                        ? Map.<String, String>of()
                        : e.getKeyValuePairs().stream()
                                .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value), (x, y) -> y)))
                .toList();
    }

    @Test
    void aMessageErrorFromAnotherPartyOnItsOwnCpaDoesNotFailTheMessageAndIsLoggedAsCrossParty() {
        SignalReceiver.Effect effect = receiver.onSignal(messageError(CPA_B, B, sentToA), new byte[] {2});

        assertThat(effect).isEqualTo(SignalReceiver.Effect.IGNORED);
        assertThat(store.messages()
                        .find(Direction.OUT, CPA_A, sentToA)
                        .orElseThrow()
                        .status())
                .isEqualTo(MessageStatus.PENDING);
        assertThat(new JdbcMessageQueries(db.dataSource()).signalsAbout(CPA_A, sentToA))
                .isEmpty();
        assertThat(new JdbcMessageQueries(db.dataSource()).signalsAbout(CPA_B, sentToA))
                .isEmpty();
        assertThat(events()).extracting(e -> e.get("event")).doesNotContain("message.error-received");
        assertThat(events())
                .anySatisfy(e -> assertThat(e)
                        .containsEntry("event", "signal.cross-party-ignored")
                        .containsEntry("signalCpaId", CPA_B)
                        .containsEntry("messageCpaId", CPA_A)
                        .containsEntry("refToMessageId", sentToA)
                        .containsEntry("action", "MessageError"));
    }

    @Test
    void anAcknowledgmentFromAnotherPartyOnItsOwnCpaDoesNotCloseTheMessageAndIsLoggedAsCrossParty() {
        EbmsMessage ack = signal(
                CPA_B, B, "Acknowledgment", sentToA, new EbmsMessage.Acknowledgment(Instant.now(), sentToA), List.of());

        assertThat(receiver.onSignal(ack, new byte[] {3})).isEqualTo(SignalReceiver.Effect.IGNORED);

        assertThat(store.messages()
                        .find(Direction.OUT, CPA_A, sentToA)
                        .orElseThrow()
                        .status())
                .isEqualTo(MessageStatus.PENDING);
        assertThat(events())
                .anySatisfy(e -> assertThat(e)
                        .containsEntry("event", "signal.cross-party-ignored")
                        .containsEntry("signalCpaId", CPA_B)
                        .containsEntry("messageCpaId", CPA_A));
    }

    @Test
    void aPongFromAnotherPartyNamingOurPingDoesNotAnswerIt() {
        String pingToA = UUID.randomUUID() + "@us.test"; // a Ping is not stored: nothing marks it as sent on CPA A
        assertThat(receiver.onSignal(signal(CPA_B, B, "Pong", pingToA, null, List.of()), new byte[] {5}))
                .isEqualTo(SignalReceiver.Effect.KEPT);

        assertThat(store.messages().findSignalReply(CPA_A, pingToA))
                .as("the answer to our Ping on CPA A")
                .isEmpty();
        assertThat(store.messages().findSignalReply(CPA_B, pingToA)).isPresent();
    }

    @Test
    void theOwnPartysMessageErrorStillFailsTheMessage() {
        SignalReceiver.Effect effect = receiver.onSignal(messageError(CPA_A, A, sentToA), new byte[] {4});

        assertThat(effect).isEqualTo(SignalReceiver.Effect.FAILED);
        assertThat(store.messages()
                        .find(Direction.OUT, CPA_A, sentToA)
                        .orElseThrow()
                        .status())
                .isEqualTo(MessageStatus.FAILED);
        assertThat(new JdbcMessageQueries(db.dataSource()).signalsAbout(CPA_A, sentToA))
                .hasSize(1);
        assertThat(events())
                .anySatisfy(e -> assertThat(e)
                        .containsEntry("event", "message.error-received")
                        .containsEntry("messageId", sentToA));
    }

    @Test
    void aMessageErrorAboutNoMessageAtAllIsNotLoggedAsOneOfOurs() {
        receiver.onSignal(messageError(CPA_B, B, "never-sent@us.test"), new byte[] {5});

        assertThat(events())
                .extracting(e -> e.get("event"))
                .doesNotContain("message.error-received")
                .contains("error.unmatched");
    }
}
