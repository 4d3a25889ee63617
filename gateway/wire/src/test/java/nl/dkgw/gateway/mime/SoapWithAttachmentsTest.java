package nl.dkgw.gateway.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Payload;
import org.junit.jupiter.api.Test;

class SoapWithAttachmentsTest {

    private final SoapWithAttachments mime = new SoapWithAttachments(3);
    private final byte[] envelope = "<e/>".getBytes(StandardCharsets.UTF_8);

    @Test
    void packedMessagesUnpackToTheSameEnvelopeAndPayloads() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        PackedMessage packed = mime.pack(
                envelope,
                List.of(
                        new Payload("a@x", "application/xml", "<a/>".getBytes()),
                        new Payload("b@x", "application/octet-stream", binary)));
        assertThat(packed.contentType())
                .startsWith("multipart/related")
                .contains("type=\"text/xml\"")
                .contains("start=")
                .contains("boundary=");
        MimeMessage back = mime.unpack(packed.contentType(), packed.body());
        assertThat(back.envelope()).isEqualTo(envelope);
        assertThat(back.payloads()).extracting(Payload::contentId).containsExactly("a@x", "b@x");
        assertThat(back.payloads().get(1).data()).isEqualTo(binary);
    }

    @Test
    void aPlainTextXmlBodyIsAMessageWithoutAttachments() throws Exception {
        assertThat(mime.unpack("text/xml; charset=UTF-8", envelope).payloads()).isEmpty();
    }

    @Test
    void tooManyPartsAreRefused() {
        Payload p = new Payload("p@x", "text/plain", new byte[1]);
        PackedMessage packed = mime.pack(
                envelope,
                List.of(
                        p,
                        new Payload("q@x", "text/plain", new byte[1]),
                        new Payload("r@x", "text/plain", new byte[1]),
                        new Payload("s@x", "text/plain", new byte[1])));
        assertThatThrownBy(() -> mime.unpack(packed.contentType(), packed.body()))
                .isInstanceOf(EbmsException.class)
                .hasMessageContaining("at most 3");
    }

    @Test
    void aTruncatedMultipartIsAMimeProblem() {
        PackedMessage packed = mime.pack(envelope, List.of(new Payload("a@x", "text/plain", "abc".getBytes())));
        byte[] truncated = Arrays.copyOf(packed.body(), packed.body().length - 20);
        assertThatThrownBy(() -> mime.unpack(packed.contentType(), truncated))
                .isInstanceOfSatisfying(
                        EbmsException.class, e -> assertThat(e.error().code()).isEqualTo(ErrorCode.MimeProblem));
    }

    @Test
    void anotherContentTypeIsAMimeProblemThatNamesIt() {
        assertThatThrownBy(() -> mime.unpack("application/json", "{}".getBytes()))
                .isInstanceOfSatisfying(EbmsException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ErrorCode.MimeProblem);
                    assertThat(e.error().description()).contains("application/json");
                });
    }
}
