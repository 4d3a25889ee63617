package nl.dkgw.gateway.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A received body spooled to a file is taken apart with its payload parts read from the file, not copied. */
class SpooledUnpackTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(5);
    private final byte[] envelope = "<e xmlns=\"urn:e\"/>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void thePartsOfASpooledBodyArriveIntactAndKnowTheirSize() throws Exception {
        byte[] large = randomBytes(3 * 1024 * 1024 + 17);
        byte[] xml = "<a>één</a>".getBytes(StandardCharsets.UTF_8);
        PackedMessage packed = mime.pack(
                envelope,
                List.of(new Payload("big@x", "application/octet-stream", large), new Payload("a@x", "text/xml", xml)));

        try (ReceivedBody body = spooled(packed.body())) {
            MimeMessage unpacked = mime.unpack(packed.contentType(), body);

            assertThat(unpacked.envelope()).isEqualTo(envelope);
            assertThat(unpacked.payloads()).extracting(Payload::contentId).containsExactly("big@x", "a@x");
            Payload big = unpacked.payloads().get(0);
            assertThat(big.size()).isEqualTo(large.length);
            assertThat(readAll(big)).isEqualTo(large);
            assertThat(readAll(big)).as("opened a second time").isEqualTo(large);
            assertThat(unpacked.payloads().get(1).size()).isEqualTo(xml.length);
            assertThat(readAll(unpacked.payloads().get(1))).isEqualTo(xml);
        }
    }

    @Test
    void aBase64PartIsDecodedAndItsSizeIsUnknown() throws Exception {
        byte[] data = randomBytes(70_000);
        String boundary = "b-123";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Type: text/xml\r\nContent-ID: <soap@x>\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(envelope);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Type: application/pdf\r\nContent-ID: <p@x>\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(Base64.getMimeEncoder().encode(data));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        String contentType = "multipart/related; type=\"text/xml\"; start=\"<soap@x>\"; boundary=\"" + boundary + "\"";

        try (ReceivedBody spooled = spooled(body.toByteArray())) {
            MimeMessage unpacked = mime.unpack(contentType, spooled);

            assertThat(unpacked.envelope()).isEqualTo(envelope);
            Payload pdf = unpacked.payloads().get(0);
            assertThat(pdf.contentId()).isEqualTo("p@x");
            assertThat(pdf.size()).isEqualTo(-1);
            assertThat(readAll(pdf)).isEqualTo(data);
        }
    }

    @Test
    void aTruncatedSpooledBodyIsAMimeProblem() throws Exception {
        PackedMessage packed = mime.pack(envelope, List.of(new Payload("a@x", "text/plain", randomBytes(10_000))));
        byte[] truncated = Arrays.copyOf(packed.body(), packed.body().length - 300);

        try (ReceivedBody body = spooled(truncated)) {
            assertThatThrownBy(() -> mime.unpack(packed.contentType(), body))
                    .isInstanceOfSatisfying(
                            EbmsException.class,
                            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.MimeProblem));
        }
    }

    @Test
    void aSoapPartOverTheLimitIsAMimeProblemInASpooledBody() throws Exception {
        byte[] hugeEnvelope = new byte[SoapWithAttachments.MAX_SOAP_PART_BYTES + 1];
        Arrays.fill(hugeEnvelope, (byte) ' ');
        PackedMessage packed = mime.pack(hugeEnvelope, List.of());

        try (ReceivedBody body = spooled(packed.body())) {
            assertThatThrownBy(() -> mime.unpack(packed.contentType(), body))
                    .isInstanceOfSatisfying(EbmsException.class, e -> {
                        assertThat(e.error().code()).isEqualTo(ErrorCode.MimeProblem);
                        assertThat(e.error().description()).contains("SOAP part is larger than");
                    });
        }
        try (ReceivedBody body = spooled(hugeEnvelope)) {
            assertThatThrownBy(() -> mime.unpack("text/xml", body))
                    .isInstanceOfSatisfying(
                            EbmsException.class,
                            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.MimeProblem));
        }
    }

    @Test
    void aPlainTextXmlBodyCanBeSpooledToo() throws Exception {
        try (ReceivedBody body = spooled(envelope)) {
            MimeMessage unpacked = mime.unpack("text/xml; charset=UTF-8", body);
            assertThat(unpacked.envelope()).isEqualTo(envelope);
            assertThat(unpacked.payloads()).isEmpty();
        }
    }

    @Test
    void closingTheBodyDeletesTheFileAndClosesEveryHandleOnIt() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeThat(Files.isDirectory(fds)).as("a Linux /proc").isTrue();
        PackedMessage packed = mime.pack(envelope, List.of(new Payload("a@x", "text/plain", randomBytes(100_000))));
        ReceivedBody body = spooled(packed.body());
        Path file = body.file();
        Payload payload = mime.unpack(packed.contentType(), body).payloads().get(0);
        InputStream halfRead = payload.open();
        halfRead.readNBytes(1000);
        assertThat(handlesOn(file)).as("the body is open while it is read").isPositive();

        body.close();

        assertThat(file).doesNotExist();
        assertThat(handlesOn(file)).as("open handles on the deleted file").isZero();
        assertThatThrownBy(halfRead::readAllBytes).isInstanceOf(IOException.class);
    }

    @Test
    void aBodyInMemoryIsUnpackedAsBefore() throws Exception {
        byte[] data = randomBytes(5000);
        PackedMessage packed = mime.pack(envelope, List.of(new Payload("a@x", "text/plain", data)));
        try (ReceivedBody body = ReceivedBody.of(packed.body())) {
            MimeMessage unpacked = mime.unpack(packed.contentType(), body);
            assertThat(unpacked.payloads().get(0).data()).isEqualTo(data);
        }
    }

    private ReceivedBody spooled(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "body-", ".mime");
        Files.write(file, bytes);
        return ReceivedBody.spooled(file);
    }

    private static byte[] readAll(Payload p) throws IOException {
        try (InputStream in = p.open()) {
            return in.readAllBytes();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static long handlesOn(Path file) throws IOException {
        String target = file.toAbsolutePath().toString();
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith(target);
                        } catch (IOException | UnsupportedOperationException e) {
                            return false;
                        }
                    })
                    .count();
        }
    }
}
