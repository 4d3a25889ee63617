package nl.dkgw.bench.jmh;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.xml.SafeXml;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path of one message as it exists now: building it (EnvelopeWriter, serialisation,
 * SoapWithAttachments.pack) and parsing it (unpack, EnvelopeReader.read from the bytes). Signing, verifying,
 * encrypting and decrypting join when the security work lands.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class MessageCodecBenchmark {

    @Param({"2048", "1048576"})
    int payloadBytes;

    /**
     * true: name Angus' StreamProvider in the system property jakarta.mail.util.StreamProvider, so Jakarta Mail does
     * not look it up with a ServiceLoader class-path scan for every body part it creates (the load profile's hot
     * spot); false: as the gateway runs now.
     */
    @Param({"false", "true"})
    boolean presetStreamProvider;

    private final SoapWithAttachments mime = new SoapWithAttachments(100);
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final EnvelopeReader reader = new EnvelopeReader();
    private EbmsMessage message;
    private List<Payload> payloads;
    private PackedMessage packed;
    private byte[] envelope;

    @Setup
    public void setUp() {
        if (presetStreamProvider) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        Instant now = Instant.now();
        MessageHeader header = new MessageHeader(
                "dkgw:demo-osb-rm:1_0_00000099000000002000_00000099000000001000_1",
                "conversation-1",
                PartyId.oin("00000099000000001000"),
                "Aanleverer",
                PartyId.oin("00000099000000002000"),
                "Ontvanger",
                "dkgw:demo-osb-rm:1.0",
                "urn:osb:services",
                "SendTestResult",
                "0f8fad5b-d9cb-469f-a165-70867728950e@00000099000000001000.dkgw",
                now,
                null,
                now.plusSeconds(3600),
                true);
        byte[] data = new byte[payloadBytes];
        Arrays.fill(data, (byte) 'x');
        payloads = List.of(new Payload("payload-1@dkgw", "application/xml", data));
        message = new EbmsMessage(
                header,
                new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, false),
                false,
                null,
                null,
                List.of(),
                List.of("cid:payload-1@dkgw"),
                null,
                null,
                payloads);
        packed = build();
        envelope = SafeXml.serialize(writer.write(message));
    }

    @Benchmark
    public PackedMessage build() {
        return mime.pack(SafeXml.serialize(writer.write(message)), payloads);
    }

    @Benchmark
    public EbmsMessage parse() throws Exception {
        MimeMessage parts = mime.unpack(packed.contentType(), packed.body());
        return reader.read(parts.envelope(), parts.payloads());
    }

    /** Parsing the SOAP envelope alone (no MIME) into a DOM tree and reading that: how a signed envelope is read. */
    @Benchmark
    public EbmsMessage parseEnvelopeOnly() throws Exception {
        return reader.read(SafeXml.parse(envelope), payloads);
    }

    /** Reading the SOAP envelope alone from its bytes with StAX: how the inbound side reads every envelope. */
    @Benchmark
    public EbmsMessage readEnvelopeFromBytes() throws Exception {
        return reader.read(envelope, payloads);
    }
}
