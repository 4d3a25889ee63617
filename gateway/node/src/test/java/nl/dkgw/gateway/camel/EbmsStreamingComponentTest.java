package nl.dkgw.gateway.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large payloads through the ebms component: to() takes a File, Path or InputStream body without reading it whole;
 * from() hands a large payload over as a re-readable stream whose bytes are intact, a small one as bytes as before.
 */
@Slow
class EbmsStreamingComponentTest {

    @TempDir
    static Path dir;

    static LocalChain chain;
    static String cpaId;
    static CamelContext sender;
    static CamelContext receiver;
    /** What the receiving route saw, by MessageId: the body's kind and the digests of two reads in two steps. */
    static final Map<String, Seen> seen = new ConcurrentHashMap<>();

    record Seen(String bodyKind, String firstRead, String secondRead, long length) {}

    @BeforeAll
    static void start() throws Exception {
        chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE);
        cpaId = FlowCpa.add(chain, Profile.OSB_RM);
        sender = new DefaultCamelContext();
        sender.addComponent("ebms", new EbmsComponent(chain.consumer()));
        sender.start();
        receiver = new DefaultCamelContext();
        receiver.addComponent("ebms", new EbmsComponent(chain.provider()));
        receiver.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("ebms:" + cpaId + "?service=RAW(" + FlowCpa.SERVICE + ")&action=" + FlowCpa.TEST_RESULT
                                + "&delay=100")
                        .process(e -> {
                            Object body = e.getMessage().getBody();
                            String kind = body instanceof byte[]
                                    ? "bytes"
                                    : body instanceof StreamCache && body instanceof InputStream ? "stream" : "other";
                            e.setProperty("kind", kind);
                            e.setProperty("first", sha256(e.getMessage().getBody(InputStream.class)));
                        })
                        .process(e -> {
                            byte[] again = e.getMessage().getBody(byte[].class);
                            seen.put(
                                    e.getMessage().getHeader(EbmsConstants.MESSAGE_ID, String.class),
                                    new Seen(
                                            e.getProperty("kind", String.class),
                                            e.getProperty("first", String.class),
                                            sha256(new java.io.ByteArrayInputStream(again)),
                                            again.length));
                        });
            }
        });
        receiver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        if (sender != null) {
            sender.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private static String uri() {
        return "ebms:" + cpaId + "?service=RAW(" + FlowCpa.SERVICE + ")&action=" + FlowCpa.TEST_RESULT
                + "&contentType=application/octet-stream";
    }

    @Test
    void aFileBodyIsSentFromTheFileAndArrivesAsAStreamWithItsBytesIntact() throws Exception {
        Path file = randomFile("file.bin", 5 * 1024 * 1024 + 1, 1);
        String id = send(file.toFile());
        assertArrivedIntact(id, file);
    }

    @Test
    void aPathBodyIsSentFromTheFile() throws Exception {
        Path file = randomFile("path.bin", 2 * 1024 * 1024 + 7, 2);
        String id = send(file);
        assertArrivedIntact(id, file);
    }

    @Test
    void anInputStreamBodyIsSpooledAndTheSpoolFileDeletedOnceStored() throws Exception {
        Path file = randomFile("stream.bin", 6 * 1024 * 1024 + 3, 3);
        Set<Path> before = spooled();
        String id;
        try (InputStream in = Files.newInputStream(file)) {
            id = send(in);
        }
        assertThat(spooled())
                .as("the spooled stream is deleted once the message is stored")
                .isEqualTo(before);
        assertArrivedIntact(id, file);
    }

    @Test
    void aSmallPayloadIsStillHandedOverAsBytes() throws Exception {
        String id = send("small".getBytes());
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.containsKey(id));
        assertThat(seen.get(id).bodyKind()).isEqualTo("bytes");
        assertThat(seen.get(id).length()).isEqualTo(5);
    }

    private static String send(Object body) {
        Exchange sent =
                sender.createProducerTemplate().send(uri(), e -> e.getMessage().setBody(body));
        assertThat(sent.getException()).isNull();
        return sent.getMessage().getHeader(EbmsConstants.MESSAGE_ID, String.class);
    }

    private static void assertArrivedIntact(String messageId, Path file) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey(messageId));
        String digest = sha256(Files.newInputStream(file));
        Seen got = seen.get(messageId);
        assertThat(got.bodyKind()).isEqualTo("stream");
        assertThat(got.firstRead()).isEqualTo(digest);
        assertThat(got.secondRead()).as("read again in the next step").isEqualTo(digest);
        assertThat(got.length()).isEqualTo(Files.size(file));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(messageId) == MessageStatus.PROCESSED);
    }

    private static Path randomFile(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static Set<Path> spooled() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("dkgw-payload-"))
                    .collect(Collectors.toSet());
        }
    }

    private static MessageStatus status(String messageId) {
        return chain.provider().received(cpaId, null, 1000).stream()
                .filter(m -> m.messageId().equals(messageId))
                .map(StoredMessage::status)
                .findFirst()
                .orElse(null);
    }

    static String sha256(InputStream stream) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(stream, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
