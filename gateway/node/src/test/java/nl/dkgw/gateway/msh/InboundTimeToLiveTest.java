package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.gateway.ManualClock;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receiving side checks a message's TimeToLive against its own injected clock: a reliable message sent with a
 * persist duration of six hours is taken within those hours and refused (TimeToLiveExpired) after them.
 */
class InboundTimeToLiveTest {

    private final ManualClock senderClock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final ManualClock receiverClock = new ManualClock(senderClock.instant());
    private final List<String> rejected = new ArrayList<>();
    private final SoapWithAttachments mime = new SoapWithAttachments(10);
    private GatewayDatabase senderDb;
    private GatewayDatabase receiverDb;
    private Store receiverStore;
    private InboundProcessor receiver;
    private PackedMessage posted;

    @BeforeEach
    void sendAReport() throws Exception {
        ClockLink link = ClockLink.get();
        CpaRegistry cpas = cpaId -> Optional.of(link.cpa).filter(c -> c.cpaId().equals(cpaId));
        MessageSecurity security = new MessageSecurity(Optional.empty(), Optional.empty(), null, false);

        senderDb = open("sender");
        Store senderStore = JdbcStore.onClock(senderDb.dataSource(), senderClock);
        OutboundMessages sender = new OutboundMessages(
                cpas,
                senderStore,
                new MessageIds("us.test"),
                () -> {},
                3,
                Duration.ofSeconds(10),
                security,
                MshEvents.NONE,
                senderClock);
        StoredMessage sent = sender.submit(Submission.of(
                link.cpa.cpaId(),
                ClockLink.SERVICE,
                ClockLink.ACTION,
                Submission.Part.of("text/plain", "a report".getBytes(StandardCharsets.UTF_8))));
        posted = mime.pack(
                senderStore.messages().envelope(sent.pk()),
                senderStore.payloads().of(sent.pk()));

        receiverDb = open("receiver");
        receiverStore = JdbcStore.onClock(receiverDb.dataSource(), receiverClock);
        MshEvents events = new MshEvents() {
            @Override
            public void rejected(String errorCode) {
                rejected.add(errorCode);
            }
        };
        RefusedSignals refusals = new JdbcRefusedSignals(receiverDb.dataSource());
        SignalReceiver signals = new SignalReceiver(receiverStore, refusals, cpas, security, events, receiverClock);
        OutboundMessages replies = new OutboundMessages(
                cpas,
                receiverStore,
                new MessageIds("peer.test"),
                () -> {},
                3,
                Duration.ofSeconds(10),
                security,
                events,
                receiverClock);
        receiver = new InboundProcessor(
                cpas,
                receiverStore,
                mime,
                new SignalFactory(new MessageIds("peer.test"), receiverClock),
                signals,
                replies,
                security,
                events,
                receiverClock,
                AnnouncedFiles.NONE,
                MessageSizeLimit.NONE);
    }

    @AfterEach
    void close() {
        senderDb.close();
        receiverDb.close();
    }

    @Test
    void aMessageWithinItsTimeToLiveIsTaken() throws Exception {
        receiverClock.advance(ClockLink.PERSIST.minusMinutes(1));

        receiver.process(posted.contentType(), posted.body(), ClockLink.get().ourClientCertificate());

        assertThat(rejected).isEmpty();
        assertThat(receiverStore.messages().list(Direction.IN, MessageKind.USER, null, 10))
                .hasSize(1);
    }

    @Test
    void aMessagePastItsTimeToLiveIsRefused() throws Exception {
        receiverClock.advance(ClockLink.PERSIST.plusSeconds(1));

        receiver.process(posted.contentType(), posted.body(), ClockLink.get().ourClientCertificate());

        assertThat(rejected).containsExactly("TimeToLiveExpired");
        assertThat(receiverStore.messages().list(Direction.IN, MessageKind.USER, null, 10))
                .isEmpty();
    }

    private static GatewayDatabase open(String name) {
        return GatewayDatabase.open(
                "jdbc:h2:mem:ttl-" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }
}
