package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes on loopback whose signatures carry only the signing certificate in ds:KeyInfo (as the reference
 * adapter signs), each with a trust store holding only the root: the signed message and its signed Acknowledgment are
 * accepted when the intermediate CAs are configured (tls.intermediates) or carried in the CPA, and refused with the
 * missing issuer named when they are nowhere.
 */
@Slow
class LeafOnlySignaturesEndToEndTest {

    private static final Profile PROFILE = Profile.OSB_RM_S;

    @TempDir
    Path dir;

    @Test
    void aLeafOnlySignerAndItsSignedAcknowledgmentAreAcceptedWithTheIntermediatesConfigured() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(1),
                List.of(PROFILE),
                SyncReplyMode.NONE,
                leafOnly().andThen(withIntermediates())::apply)) {
            StoredMessage m = send(chain, chain.cpaId(PROFILE));

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            assertThat(chain.consumer().report(m.messageId()).orElseThrow().hasReceipt())
                    .isTrue();
            assertThat(certificatesIn(
                            NodeInternals.store(chain.consumer()).messages().envelope(m.pk())))
                    .isEqualTo(1);
            assertThat(certificatesIn(
                            NodeInternals.store(chain.consumer()).messages().receipt(m.pk())))
                    .isEqualTo(1);
            assertThat(chain.provider().received(chain.cpaId(PROFILE), null, 10))
                    .extracting(StoredMessage::messageId)
                    .containsExactly(m.messageId());
        }
    }

    @Test
    void aLeafOnlySignerIsAcceptedWhenTheCpaCarriesItsCaCertificates() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE, leafOnly())) {
            String xml =
                    chain.generateCpa(PROFILE, Duration.ofSeconds(1), SyncReplyMode.NONE, LocalChain.demoActions());
            TestPki pki = chain.pki();
            for (LocalChain.Party party : List.of(LocalChain.CONSUMER, LocalChain.PROVIDER)) {
                xml = withCaCertificates(
                        xml,
                        pki.certificate(party.name(), TestPki.Usage.SIGNING),
                        pki.issuingCaCertificate(),
                        pki.caCertificates().get(1));
            }
            String cpaId = chain.importEverywhere(xml);
            StoredMessage m = send(chain, cpaId);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.ACKNOWLEDGED));
            assertThat(chain.consumer().report(m.messageId()).orElseThrow().hasReceipt())
                    .isTrue();
        }
    }

    @Test
    void withoutTheIntermediatesTheLeafOnlySignerIsRefusedAndTheMissingIssuerIsNamed() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(1), List.of(PROFILE), SyncReplyMode.NONE, leafOnly())) {
            StoredMessage m = send(chain, chain.cpaId(PROFILE));

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status())
                            .isEqualTo(MessageStatus.FAILED));
            assertThat(chain.consumer()
                            .report(m.messageId())
                            .orElseThrow()
                            .message()
                            .statusDetail())
                    .contains("SecurityFailure")
                    .contains("no path from")
                    .contains(chain.pki()
                            .issuingCaCertificate()
                            .getSubjectX500Principal()
                            .getName())
                    .contains("not found")
                    .contains("tls.intermediates");
            assertThat(chain.provider().received(chain.cpaId(PROFILE), null, 10))
                    .isEmpty();
        }
    }

    private static StoredMessage send(LocalChain chain, String cpaId) throws Exception {
        return chain.consumer()
                .submit(Submission.of(
                        cpaId,
                        LocalChain.serviceName(PROFILE),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of("application/xml", "<uitslag/>".getBytes(StandardCharsets.UTF_8))));
    }

    private static UnaryOperator<GatewayConfig> leafOnly() {
        return c -> c.withSecurity(c.security().withSignatureKeyInfo("leaf"));
    }

    /** Both nodes: the test PKI's domain and issuing CA in one PEM bundle, as tls.intermediates. */
    private UnaryOperator<GatewayConfig> withIntermediates() {
        return c -> {
            Path bundle = dir.resolve("intermediates.pem");
            try {
                if (!Files.exists(bundle)) {
                    Path ca = dir.resolve("pki").resolve("ca");
                    Files.writeString(
                            bundle,
                            Files.readString(ca.resolve("issuing.pem")) + Files.readString(ca.resolve("domain.pem")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return c.withTls(c.tls().withIntermediates(bundle.toString()));
        };
    }

    /** The CPA with the CA certificates next to the given certificate in its ds:X509Data. */
    private static String withCaCertificates(String xml, X509Certificate own, X509Certificate... cas) throws Exception {
        String element = Base64.getEncoder().encodeToString(own.getEncoded()) + "</ds:X509Certificate>";
        StringBuilder added = new StringBuilder(element);
        for (X509Certificate ca : cas) {
            added.append("<ds:X509Certificate>")
                    .append(Base64.getEncoder().encodeToString(ca.getEncoded()))
                    .append("</ds:X509Certificate>");
        }
        assertThat(xml).contains(element);
        return xml.replace(element, added.toString());
    }

    private static int certificatesIn(byte[] envelope) {
        String xml = new String(envelope, StandardCharsets.UTF_8);
        return xml.split("X509Certificate>", -1).length / 2;
    }
}
