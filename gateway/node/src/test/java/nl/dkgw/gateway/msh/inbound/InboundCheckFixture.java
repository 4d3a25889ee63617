package nl.dkgw.gateway.msh.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.pki.testpki.TestPki;
import org.w3c.dom.Document;

/**
 * The inputs of the inbound check tests, made with the real classes: a test PKI of "us" (consumer, sends Report)
 * and "peer", one generated and parsed CPA per profile, and messages written by {@link EnvelopeWriter} and read back
 * by {@link EnvelopeReader}, as the MSH reads them off the wire. Made once per test JVM.
 */
public final class InboundCheckFixture {

    static final String US_OIN = "00000099000000001000";
    static final String PEER_OIN = "00000099000000002000";
    static final String SERVICE = "dkgw:checks:1.0";
    static final String ACTION = "Report";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant END = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static InboundCheckFixture fixture;

    public final TestPki pki;
    private final Map<Profile, Cpa> cpas = new EnumMap<>(Profile.class);

    private InboundCheckFixture(TestPki pki) throws Exception {
        this.pki = pki;
        for (Profile profile : Profile.values()) {
            ServiceSpec service = new ServiceSpec(
                    SERVICE,
                    profile,
                    "Ontvanger",
                    "Aanleverer",
                    List.of(new ActionSpec(ACTION, ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                    3,
                    Duration.ofMinutes(1),
                    Duration.ofHours(6),
                    SyncReplyMode.NONE,
                    party("peer", PEER_OIN));
            cpas.put(
                    profile,
                    new CpaParser()
                            .parse(CpaGenerator.generate(service, party("us", US_OIN), START, END, profile.code())));
        }
    }

    public static synchronized InboundCheckFixture get() throws Exception {
        if (fixture == null) {
            Path dir = Files.createTempDirectory("dkgw-inbound-checks");
            fixture = new InboundCheckFixture(TestPki.generate(
                    dir, List.of(new TestPki.PartySpec("us", US_OIN), new TestPki.PartySpec("peer", PEER_OIN))));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
        }
        return fixture;
    }

    Cpa cpa(Profile profile) {
        return cpas.get(profile);
    }

    /** The channel the CPA of {@code profile} agrees for us sending Report to the peer. */
    public DeliveryChannel channel(Profile profile) throws Exception {
        return cpa(profile).resolve(PartyId.oin(US_OIN), PartyId.oin(PEER_OIN), SERVICE, ACTION);
    }

    /** A message from us to the peer that the channel of {@code profile} agrees, to be changed by a test. */
    public Message message(Profile profile) throws Exception {
        DeliveryChannel ch = channel(profile);
        Message m = new Message();
        m.cpaId = ch.cpaId();
        m.from = ch.fromParty();
        m.fromRole = ch.fromRole();
        m.to = ch.toParty();
        m.toRole = ch.toRole();
        m.service = ch.service();
        m.serviceType = ch.serviceType();
        m.action = ch.action();
        m.duplicateElimination = ch.duplicateElimination();
        m.ackRequested = ch.ackRequested() ? new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, false) : null;
        m.syncReply = ch.syncReplyMode() == SyncReplyMode.MSH_SIGNALS_ONLY;
        m.payloads.add(new Payload("report-1@us.test", "application/xml", "<report/>".getBytes()));
        m.manifest = new ArrayList<>(List.of("cid:report-1@us.test"));
        return m;
    }

    /** A message under construction; {@link #context()} writes and reads it as the MSH would receive it. */
    public final class Message {
        String cpaId;
        String conversationId = "conversation-1";
        PartyId from;
        String fromRole;
        PartyId to;
        String toRole;
        String service;
        String serviceType;
        String action;
        String messageId = "message-1@us.test";
        Instant timeToLive;
        boolean duplicateElimination;
        EbmsMessage.AckRequested ackRequested;
        boolean syncReply;
        Long sequenceNumber;
        List<String> manifest;
        public List<Payload> payloads = new ArrayList<>();
        X509Certificate clientCertificate = pki.certificate("us", TestPki.Usage.TLS_CLIENT);

        public InboundContext context() throws EbmsException {
            MessageHeader header = new MessageHeader(
                    cpaId,
                    conversationId,
                    from,
                    fromRole,
                    to,
                    toRole,
                    service,
                    serviceType,
                    action,
                    messageId,
                    NOW.minusSeconds(5),
                    null,
                    timeToLive,
                    duplicateElimination);
            EbmsMessage written = new EbmsMessage(
                    header, ackRequested, syncReply, sequenceNumber, null, null, manifest, null, null, payloads);
            Document envelope = new EnvelopeWriter().write(written);
            EbmsMessage read = new EnvelopeReader().read(envelope, payloads);
            return new InboundContext(read, envelope, clientCertificate, NOW);
        }

        /** The context with the CPA and channel already found, as the checks after the channel check see it. */
        InboundContext resolved(Profile profile) throws Exception {
            InboundContext c = context();
            c.cpa(cpa(profile));
            c.channel(channel(profile));
            return c;
        }
    }

    private PartySpec party(String name, String oin) {
        return new PartySpec(
                name,
                oin,
                URI.create("https://" + name + ".test/ebms"),
                pki.certificate(name, TestPki.Usage.TLS_CLIENT),
                pki.certificate(name, TestPki.Usage.TLS_SERVER));
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
