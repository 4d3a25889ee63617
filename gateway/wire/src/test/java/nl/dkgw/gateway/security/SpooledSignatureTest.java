package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.ReceivedBody;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.xml.SafeXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A signature over a message whose body was spooled to disk verifies from the parts' streams: the payloads are never
 * asked for their whole bytes, and a changed byte in the file is still found.
 */
class SpooledSignatureTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(5);

    @TempDir
    Path dir;

    @Test
    void aSignedMessageSpooledToDiskVerifiesFromStreams() throws Exception {
        Spooled spooled = signedAndSpooled();
        try (ReceivedBody body = ReceivedBody.spooled(spooled.file())) {
            MimeMessage received = mime.unpack(spooled.contentType(), body);

            VerifiedSignature verified = new SignatureVerifier()
                    .verify(
                            SafeXml.parse(received.envelope()),
                            streamsOnly(received.payloads()),
                            signingCertificate(A),
                            validator());

            assertThat(verified.signer()).isEqualTo(signingCertificate(A));
        }
        assertThat(spooled.file()).doesNotExist();
    }

    @Test
    void aByteChangedInTheSpooledPayloadIsADigestMismatch() throws Exception {
        Spooled spooled = signedAndSpooled();
        byte[] bytes = Files.readAllBytes(spooled.file());
        bytes[bytes.length - 5000] ^= 0x01; // inside the large binary payload, the last part
        Files.write(spooled.file(), bytes);
        try (ReceivedBody body = ReceivedBody.spooled(spooled.file())) {
            MimeMessage received = mime.unpack(spooled.contentType(), body);

            assertThatThrownBy(() -> new SignatureVerifier()
                            .verify(
                                    SafeXml.parse(received.envelope()),
                                    streamsOnly(received.payloads()),
                                    signingCertificate(A),
                                    validator()))
                    .isInstanceOfSatisfying(
                            SecurityFailureException.class,
                            e -> assertThat(e.reason()).isEqualTo(SecurityFailureException.Reason.DIGEST_MISMATCH));
        }
    }

    @Test
    void signingReadsThePayloadsAsStreamsToo() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        List<Payload> payloads = List.of(new Payload("p@dkgw.test", "application/octet-stream", data));
        Document signed = new MessageSigner()
                .sign(
                        envelope(payloads),
                        streamsOnly(payloads),
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);

        assertThat(new SignatureVerifier()
                        .verify(SecurityFixtures.overTheWire(signed), payloads, signingCertificate(A), validator())
                        .signer())
                .isEqualTo(signingCertificate(A));
    }

    private Spooled signedAndSpooled() throws Exception {
        byte[] large = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(large);
        List<Payload> payloads = List.of(
                SecurityFixtures.xmlPayload("first", "een"),
                new Payload("large@dkgw.test", "application/octet-stream", large));
        Document signed = new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);
        PackedMessage packed = mime.pack(SafeXml.serialize(signed), payloads);
        Path file = Files.createTempFile(dir, "body-", ".mime");
        Files.write(file, packed.body());
        return new Spooled(file, packed.contentType());
    }

    private record Spooled(Path file, String contentType) {}

    /** The payloads with contents that refuse to hand over their whole bytes: only streams may be read. */
    private static List<Payload> streamsOnly(List<Payload> payloads) {
        return payloads.stream()
                .map(p -> new Payload(p.contentId(), p.contentType(), new StreamOnly(p.content())))
                .toList();
    }

    private record StreamOnly(PayloadContent content) implements PayloadContent {
        @Override
        public InputStream open() throws IOException {
            return content.open();
        }

        @Override
        public long length() {
            return content.length();
        }

        @Override
        public byte[] bytes() {
            throw new AssertionError("a payload was read whole instead of as a stream");
        }
    }
}
