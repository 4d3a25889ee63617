package nl.dkgw.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class FailureLineTest {

    @Test
    void namesWhatWasBeingDoneAndTheInnermostCause() {
        Exception e = new IllegalStateException(
                "starting the ebMS endpoint", new IOException("binding", new BindException("Address already in use")));

        assertThat(FailureLine.of(e)).isEqualTo("starting the ebMS endpoint (Address already in use)");
    }

    @Test
    void saysTheMessageOnceWhenTheOuterOneAlreadyRepeatsTheCause() {
        BindException cause = new BindException("Address already in use");
        Exception e = new IllegalStateException("port 8443: " + cause.getMessage(), cause);

        assertThat(FailureLine.of(e)).isEqualTo("port 8443: Address already in use");
    }

    @Test
    void foldsLineBreaksAndKeepsTheLineShort() {
        Exception e = new IllegalArgumentException("first line\nsecond line\r\n" + "x".repeat(1000));

        String line = FailureLine.of(e);

        assertThat(line).doesNotContain("\n", "\r").startsWith("first line second line x");
        assertThat(line).hasSize(FailureLine.MAX_LENGTH + 3).endsWith("...");
    }

    @Test
    void namesTheExceptionTypeWhenNothingHasAMessage() {
        assertThat(FailureLine.of(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(FailureLine.of(new RuntimeException(new NullPointerException())))
                .isEqualTo(new NullPointerException().toString());
    }
}
