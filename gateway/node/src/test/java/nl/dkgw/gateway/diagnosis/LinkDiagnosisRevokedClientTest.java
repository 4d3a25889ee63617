package nl.dkgw.gateway.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import nl.dkgw.pki.testpki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner that checks CRLs refuses our revoked client certificate; our own check agrees, so the advice is to
 * replace our certificate. Its own test PKI, because it revokes a certificate.
 */
class LinkDiagnosisRevokedClientTest {

    @TempDir
    Path dir;

    @Test
    void aRevokedClientCertificateIsRefusedAndTheReportSaysTheFixIsOurs() throws Exception {
        TestLink link = new TestLink(dir, false);
        link.pki.revoke(TestLink.US, TestPki.Usage.TLS_CLIENT);
        try (FakePartner server = FakePartner.checkingCrls(
                200, link.serverKey(TestLink.PARTNER), link.anchors(), link.pki.crlDirectory())) {
            DiagnosisReport report = link.diagnosisTo(server.endpoint()).build().run(link.request());
            assertThat(report.firstFailure()).as(DiagnosisTable.render(report)).isPresent();
            LayerResult failed = report.firstFailure().get();
            assertThat(failed.layer()).isEqualTo(Layer.CLIENT_CERTIFICATE);
            assertThat(failed.found())
                    .contains("the server refused our client certificate")
                    .contains("our own check rejects it too")
                    .containsIgnoringCase("revoked");
            assertThat(failed.toDo()).contains("replace this gateway's client certificate");
            assertThat(report.exitCode()).isEqualTo(18);
        }
    }
}
