package nl.dkgw.gateway.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.mime.PackedMessage;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.xml.SafeXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each injected fault is named at the right layer, the layers below pass and the layers above are not checked. */
class LinkDiagnosisFaultTest {

    @TempDir
    static Path dir;

    private static TestLink link;

    @BeforeAll
    static void pki() throws Exception {
        link = new TestLink(dir);
    }

    private static void assertBrokenAt(DiagnosisReport report, Layer layer) {
        assertThat(report.firstFailure()).as(DiagnosisTable.render(report)).isPresent();
        assertThat(report.firstFailure().get().layer())
                .as(DiagnosisTable.render(report))
                .isEqualTo(layer);
        assertThat(report.exitCode()).isEqualTo(layer.exitCode());
        for (LayerResult r : report.layers()) {
            if (r.layer().number() < layer.number()) {
                assertThat(r.status()).as(r.layer() + ": " + r.found()).isIn(LayerStatus.PASS, LayerStatus.WARN);
            } else if (r.layer().number() > layer.number()) {
                assertThat(r.status()).as(r.layer().name()).isEqualTo(LayerStatus.SKIPPED);
            }
        }
        LayerResult failed = report.firstFailure().get();
        assertThat(failed.found()).isNotBlank();
        assertThat(failed.toDo()).isNotBlank();
    }

    @Test
    void anUnknownCpaIsNamedAtTheCpaLayer() {
        DiagnosisReport report =
                link.diagnosisTo(URI.create("https://localhost/ebms")).build().run(DiagnosisRequest.of("no-such-cpa"));
        assertBrokenAt(report, Layer.CPA);
        assertThat(report.firstFailure().get().found()).contains("no-such-cpa").contains("not known");
    }

    @Test
    void anExpiredCpaIsNamedAtTheCpaLayer() throws Exception {
        Instant now = Instant.now();
        Cpa expired = new CpaParser().parse(link.cpa(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        DiagnosisReport report = link.diagnosisTo(URI.create("https://localhost/ebms"), expired)
                .build()
                .run(DiagnosisRequest.of(expired.cpaId()));
        assertBrokenAt(report, Layer.CPA);
        assertThat(report.firstFailure().get().found()).contains("expired");
        assertThat(report.firstFailure().get().toDo()).contains("new CPA");
    }

    @Test
    void aCbcCpaBreaksTheCpaLayerNamingTheSettingUnlessTheNodeRunsInCompatibilityMode() throws Exception {
        Cpa cbc = new CpaParser().parse(link.cpaIn(Profile.OSB_BE_E, DigitalEnvelope.COMPATIBILITY));
        URI nowhere = URI.create("https://no-such-host.invalid/ebms");

        DiagnosisReport strict = link.diagnosisTo(nowhere, cbc).build().run(DiagnosisRequest.of(cbc.cpaId()));
        DiagnosisReport lenient =
                link.diagnosisTo(nowhere, cbc).compatibilityMode(true).build().run(DiagnosisRequest.of(cbc.cpaId()));

        assertBrokenAt(strict, Layer.CPA);
        assertThat(strict.firstFailure().get().found())
                .contains("AES-CBC")
                .contains("ENC003")
                .contains("set security.compatibility-mode: true");
        assertBrokenAt(lenient, Layer.DNS);
        assertThat(lenient.layers().get(0).status())
                .as(lenient.layers().get(0).found())
                .isEqualTo(LayerStatus.WARN);
    }

    @Test
    void anUnknownHostIsNamedAtTheDnsLayer() {
        DiagnosisReport report = link.diagnosisTo(URI.create("https://no-such-host.invalid/ebms"))
                .build()
                .run(link.request());
        assertBrokenAt(report, Layer.DNS);
        assertThat(report.firstFailure().get().found())
                .contains("no-such-host.invalid")
                .contains("does not resolve");
        assertThat(report.endpoint()).isEqualTo("https://no-such-host.invalid/ebms");
    }

    @Test
    void aClosedPortIsNamedAtTheTcpLayer() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DiagnosisReport report = link.diagnosisTo(URI.create("https://localhost:" + port + "/ebms"))
                .build()
                .run(link.request());
        assertBrokenAt(report, Layer.TCP);
        assertThat(report.firstFailure().get().found())
                .contains("nobody listens")
                .contains(String.valueOf(port));
    }

    @Test
    void aPlainSocketThatDoesNotSpeakTlsIsNamedAtTheHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread closer = new Thread(() -> {
                while (!silent.isClosed()) {
                    try (var s = silent.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    } catch (Exception e) {
                        // closed: the test is over
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            DiagnosisReport report = link.diagnosisTo(
                            URI.create("https://localhost:" + silent.getLocalPort() + "/ebms"))
                    .build()
                    .run(link.request());
            assertBrokenAt(report, Layer.TLS_HANDSHAKE);
        }
    }

    @Test
    void aServerUnderAnUntrustedRootIsRefusedByUs() throws Exception {
        try (FakePartner server = FakePartner.answering(200, link.serverKey(TestLink.ROGUE), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.SERVER_CERTIFICATE);
            assertThat(report.firstFailure().get().found()).startsWith("we refuse the server's certificate");
            assertThat(report.result(Layer.TLS_HANDSHAKE).orElseThrow().details())
                    .anyMatch(line -> line.startsWith("server chain [0]"));
        }
    }

    @Test
    void aServerCertificateForAnotherHostIsNamedAtTheHostNameLayer() throws Exception {
        try (FakePartner server = FakePartner.answering(200, link.serverKey(TestLink.ELSEWHERE), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.SERVER_HOST_NAME);
            assertThat(report.firstFailure().get().found())
                    .contains("other.example")
                    .contains("not for localhost");
        }
    }

    @Test
    void aServerCertificateWithAnotherOinIsNamedAtTheOinLayer() throws Exception {
        try (FakePartner server = FakePartner.answering(200, link.serverKey(TestLink.IMPOSTOR), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.SERVER_OIN);
            assertThat(report.firstFailure().get().found())
                    .contains(TestLink.PARTNER_OIN)
                    .contains("another");
        }
    }

    @Test
    void aServerPresentingAnotherPartysCertificateIsNamedAtTheOinLayer() throws Exception {
        try (FakePartner server = FakePartner.answering(200, link.serverKey(TestLink.US), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.SERVER_OIN);
            assertThat(report.firstFailure().get().found())
                    .contains("OIN " + TestLink.US_OIN)
                    .contains(TestLink.PARTNER_OIN);
        }
    }

    @Test
    void aServerThatTrustsAnotherRootRefusesOurClientCertificate() throws Exception {
        try (FakePartner server = FakePartner.answering(200, link.serverKey(TestLink.PARTNER), link.otherRoot())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.CLIENT_CERTIFICATE);
            assertThat(report.firstFailure().get().found()).contains("the server refused our client certificate");
            assertThat(report.firstFailure().get().toDo())
                    .contains("ask the partner")
                    .contains(TestLink.US_OIN);
        }
    }

    @Test
    void aWrongPathIsNamedAtTheHttpLayer() throws Exception {
        try (FakePartner server = FakePartner.answering(404, link.serverKey(TestLink.PARTNER), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.HTTP);
            assertThat(report.firstFailure().get().found()).contains("404").contains("/ebms");
            assertThat(report.status(Layer.CLIENT_CERTIFICATE)).isEqualTo(LayerStatus.PASS);
        }
    }

    @Test
    void aServiceThatIsDownIsNamedAtTheHttpLayer() throws Exception {
        try (FakePartner server = FakePartner.answering(503, link.serverKey(TestLink.PARTNER), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.HTTP);
            assertThat(report.firstFailure().get().found()).contains("503").contains("down");
        }
    }

    @Test
    void noPongAtARunningNodeIsReportedAsPingNotSupportedNotAsABrokenLink() throws Exception {
        try (FakePartner server = FakePartner.answering(204, link.serverKey(TestLink.PARTNER), link.anchors())) {
            SignalInbox nothingArrives = (cpaId, ref, timeout) -> Optional.empty();
            DiagnosisReport report = link.diagnosisTo(server.endpoint())
                    .inbox(nothingArrives)
                    .build()
                    .run(link.request().withPingTimeout(Duration.ofMillis(300)));
            assertThat(report.linkWorks()).as(DiagnosisTable.render(report)).isTrue();
            assertThat(report.exitCode()).isZero();
            assertThat(report.status(Layer.HTTP)).isEqualTo(LayerStatus.PASS);
            LayerResult ping = report.result(Layer.EBMS_PING).orElseThrow();
            assertThat(ping.status()).isEqualTo(LayerStatus.WARN);
            assertThat(ping.found()).contains("Ping not supported by the peer").contains("no Pong");
            assertThat(report.status(Layer.TEST_MESSAGE)).isEqualTo(LayerStatus.SKIPPED);
        }
    }

    @Test
    void noPongWithoutANodeSaysItMayComeAsynchronously() throws Exception {
        try (FakePartner server = FakePartner.answering(204, link.serverKey(TestLink.PARTNER), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            LayerResult ping = report.result(Layer.EBMS_PING).orElseThrow();
            assertThat(ping.status()).isEqualTo(LayerStatus.WARN);
            assertThat(ping.found()).contains("Ping not supported by the peer").contains("asynchronously");
            assertThat(report.exitCode()).isZero();
        }
    }

    @Test
    void aMessageErrorNotSupportedIsPingNotSupported() throws Exception {
        PackedMessage error = messageError(ErrorCode.NotSupported, "Ping is not supported here");
        try (FakePartner server = FakePartner.answering(
                200, error.contentType(), error.body(), link.serverKey(TestLink.PARTNER), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            LayerResult ping = report.result(Layer.EBMS_PING).orElseThrow();
            assertThat(ping.status()).as(DiagnosisTable.render(report)).isEqualTo(LayerStatus.WARN);
            assertThat(ping.found()).contains("Ping not supported by the peer").contains("NotSupported");
            assertThat(report.linkWorks()).isTrue();
        }
    }

    @Test
    void aMessageErrorForAnUnknownCpaIsABrokenPing() throws Exception {
        PackedMessage error = messageError(ErrorCode.ValueNotRecognized, "CPA not found");
        try (FakePartner server = FakePartner.answering(
                200, error.contentType(), error.body(), link.serverKey(TestLink.PARTNER), link.anchors())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertBrokenAt(report, Layer.EBMS_PING);
            assertThat(report.firstFailure().get().toDo()).contains("import this CPA");
        }
    }

    private static PackedMessage messageError(ErrorCode code, String description) {
        SignalFactory signals = new SignalFactory(new MessageIds("partner.test"));
        EbmsMessage ping = signals.request(
                link.cpa.cpaId(),
                PartyId.oin(TestLink.US_OIN),
                "Aanleverer",
                PartyId.oin(TestLink.PARTNER_OIN),
                "Ontvanger",
                "Ping",
                null,
                true);
        EbmsMessage error =
                signals.messageError(ping.header(), List.of(EbmsError.error(code, "//eb:Action", description)));
        return new SoapWithAttachments(4).pack(SafeXml.serialize(new EnvelopeWriter().write(error)), List.of());
    }
}
