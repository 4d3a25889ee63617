package nl.dkgw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import nl.dkgw.pki.validation.CertificateValidator;
import org.junit.jupiter.api.Test;

class SubjectNameTest {

    @Test
    void spellsOutTheSerialNumberSoProblemsShowTheOin() {
        var pki = SharedTestPki.get();
        var cert = pki.certificate("expired", Usage.TLS_CLIENT);

        assertThat(SubjectName.of(cert))
                .isEqualTo("CN=expired tls-client,SERIALNUMBER=00000099000000002000,O=expired,C=NL");
        assertThat(CertificateValidator.trustAnchorsOnly(pki.trustAnchors())
                        .validate(pki.keyMaterial("expired", Usage.TLS_CLIENT).chain(), Instant.now())
                        .summary())
                .contains("SERIALNUMBER=00000099000000002000");
    }
}
