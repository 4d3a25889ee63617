package nl.dkgw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import nl.dkgw.pki.support.PemFiles;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntermediateCertificatesTest {

    final TestPki pki = SharedTestPki.get();
    final X509Certificate domain = pki.caCertificates().get(1);
    final X509Certificate issuing = pki.issuingCaCertificate();

    @TempDir
    Path dir;

    @Test
    void readsAPemBundle() throws Exception {
        Path bundle = PemFiles.write(dir.resolve("intermediates.pem"), issuing, domain);

        assertThat(IntermediateCertificates.load(bundle).certificates()).containsExactly(issuing, domain);
    }

    @Test
    void readsEveryCertificateFileOfADirectoryAndLeavesOtherFilesAlone() throws Exception {
        PemFiles.write(dir.resolve("a-issuing.pem"), issuing);
        Files.write(dir.resolve("b-domain.cer"), domain.getEncoded());
        Files.writeString(dir.resolve("README"), "the CAs our peers leave out of their signatures");

        assertThat(IntermediateCertificates.load(dir).certificates()).containsExactly(issuing, domain);
    }

    @Test
    void refusesARootAndAnEndEntityCertificateSayingWhereTheyBelong() throws Exception {
        Path root = PemFiles.write(dir.resolve("root.pem"), pki.rootCertificate());
        Path leaf = PemFiles.write(dir.resolve("leaf.pem"), pki.certificate("alice", TestPki.Usage.SIGNING));

        assertThatThrownBy(() -> IntermediateCertificates.load(root))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessageContaining("is a root CA certificate")
                .hasMessageContaining("trust store");
        assertThatThrownBy(() -> IntermediateCertificates.load(leaf))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessageContaining("alice signing")
                .hasMessageContaining("not a CA");
        assertThatThrownBy(() -> IntermediateCertificates.of(List.of(pki.rootCertificate())))
                .isInstanceOf(KeyMaterialException.class);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> IntermediateCertificates.load(dir.resolve("nowhere.pem")))
                .hasMessageContaining("nowhere.pem")
                .hasMessageContaining("does not exist");
    }

    @Test
    void tellsRootsIntermediatesAndEndEntitiesApart() {
        assertThat(CertificateKind.of(pki.rootCertificate())).isEqualTo(CertificateKind.ROOT);
        assertThat(CertificateKind.of(issuing)).isEqualTo(CertificateKind.INTERMEDIATE);
        assertThat(CertificateKind.of(pki.certificate("alice", TestPki.Usage.TLS_SERVER)))
                .isEqualTo(CertificateKind.END_ENTITY);
    }
}
