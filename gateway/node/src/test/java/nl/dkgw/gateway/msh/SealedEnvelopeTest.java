package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.msh.inbound.InboundCheckFixture;
import nl.dkgw.pki.testpki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * What sealing a signed message leaves to keep in {@link ExpectedReceipts}: only a message that asks for an
 * Acknowledgment has a receipt to wait for; a best-effort one would stay kept until pushed out, pushing out one that
 * does.
 */
class SealedEnvelopeTest {

    @Test
    void onlyASignedMessageThatAsksForAnAcknowledgmentLeavesAReceiptToExpect() throws Exception {
        InboundCheckFixture f = InboundCheckFixture.get();
        MessageSecurity security = new MessageSecurity(
                Optional.of(f.pki.keyMaterial("us", TestPki.Usage.TLS_CLIENT)), Optional.empty(), null, false);
        InboundCheckFixture.Message reliable = f.message(Profile.OSB_RM_S);
        InboundCheckFixture.Message bestEffort = f.message(Profile.OSB_BE_S);

        MessageSecurity.SealedEnvelope reliableSealed =
                security.sealed(reliable.context().message(), reliable.payloads, f.channel(Profile.OSB_RM_S));
        MessageSecurity.SealedEnvelope bestEffortSealed =
                security.sealed(bestEffort.context().message(), bestEffort.payloads, f.channel(Profile.OSB_BE_S));

        assertThat(reliableSealed.receipt()).isPresent();
        assertThat(bestEffortSealed.receipt()).isEmpty();
        assertThat(new String(bestEffortSealed.bytes(), StandardCharsets.UTF_8))
                .as("signed all the same")
                .contains("Signature");
    }
}
