package nl.dkgw.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.mime.MimeMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.testkit.Slow;

/**
 * The MIME layer of the inbound path: whatever the Content-Type header and body, {@link SoapWithAttachments#unpack}
 * either returns the envelope and payloads or refuses with an {@link EbmsException} (MimeProblem); any other
 * exception, an OutOfMemoryError or a hang is a finding. Seeds: {@code MimeFuzzTestInputs/unpack/} (first line the
 * Content-Type, then the body).
 */
@Slow
class MimeFuzzTest {

    private static final int MAX_PARTS = 100;
    private final SoapWithAttachments mime = new SoapWithAttachments(MAX_PARTS);

    @FuzzTest(maxDuration = "5m")
    void unpack(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        try {
            MimeMessage message = mime.unpack(input.contentType(), input.body());
            if (message.envelope() == null || message.payloads().size() > MAX_PARTS) {
                throw new AssertionError("unpack returned " + message.payloads().size() + " payloads or no envelope");
            }
        } catch (EbmsException expected) {
            // refused with an ebMS error: the peer gets a MessageError
        }
    }
}
