package nl.dkgw.gateway.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packing parts kept in files: nothing is read while packing, the body streams them, its length is exact. */
class StreamedPackingTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(5);
    private final byte[] envelope = "<e>envelope</e>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void filePartsOfSeveralMebibytesRoundTripAndTheLengthIsTheBytesWritten() throws Exception {
        Path a = file("a.bin", 3 * 1024 * 1024 + 17, 1);
        Path b = file("b.xml", 5 * 1024 * 1024 + 3, 2);
        PackedMessage packed = mime.pack(
                envelope,
                List.of(
                        new Payload("a@x", "application/octet-stream", PayloadContent.ofFile(a)),
                        new Payload("b@x", "application/xml", PayloadContent.ofFile(b))));

        CountingSink written = new CountingSink();
        packed.writeTo(written);
        assertThat(packed.length()).isEqualTo(written.count).isGreaterThan(Files.size(a) + Files.size(b));
        try (InputStream in = packed.open()) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(packed.length());
        }

        MimeMessage back = mime.unpack(packed.contentType(), packed.body());
        assertThat(back.envelope()).isEqualTo(envelope);
        assertThat(back.payloads()).extracting(Payload::contentId).containsExactly("a@x", "b@x");
        assertThat(sha256(back.payloads().get(0).open())).isEqualTo(sha256(Files.newInputStream(a)));
        assertThat(sha256(back.payloads().get(1).open())).isEqualTo(sha256(Files.newInputStream(b)));
    }

    @Test
    void aPartOfUnknownSizeLeavesTheLengthUnknownButTheBodyWhole() throws Exception {
        byte[] bytes = "streamed once".getBytes(StandardCharsets.UTF_8);
        PayloadContent unknown = new PayloadContent() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long length() {
                return -1;
            }
        };
        PackedMessage packed = mime.pack(envelope, List.of(new Payload("u@x", "text/plain", unknown)));
        assertThat(packed.length()).isEqualTo(-1);
        MimeMessage back = mime.unpack(packed.contentType(), packed.body());
        assertThat(back.payloads().get(0).data()).isEqualTo(bytes);
    }

    @Test
    void packingOpensNoPartAndClosingTheBodyClosesThePartBeingRead() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        PayloadContent watched = new PayloadContent() {
            @Override
            public InputStream open() {
                opened.incrementAndGet();
                return new ByteArrayInputStream(new byte[100_000]) {
                    @Override
                    public void close() {
                        closed.incrementAndGet();
                    }
                };
            }

            @Override
            public long length() {
                return 100_000;
            }
        };
        PackedMessage packed = mime.pack(
                envelope,
                List.of(
                        new Payload("w@x", "application/octet-stream", watched),
                        new Payload("v@x", "text/plain", watched)));
        assertThat(opened).hasValue(0);
        try (InputStream in = packed.open()) {
            in.readNBytes(2000);
        }
        assertThat(opened).hasValue(1);
        assertThat(closed).hasValue(1);
        try (InputStream in = packed.open()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(opened).hasValue(3);
        assertThat(closed).hasValue(3);
    }

    @Test
    void aMessageWithoutPayloadsIsItsEnvelopeInMemory() {
        PackedMessage packed = mime.pack(envelope, List.of());
        assertThat(packed.length()).isEqualTo(packed.body().length);
        assertThat(new String(packed.body(), StandardCharsets.UTF_8)).contains("<e>envelope</e>");
    }

    private Path file(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static String sha256(InputStream stream) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(stream, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
