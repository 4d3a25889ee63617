package nl.dkgw.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki;
import org.junit.jupiter.api.Test;

/** A remembered path is handed out only for the same certificates and inside every validity period on it. */
class ValidatedPathsTest {

    private final TestPki pki = SharedTestPki.get();
    private final Instant now = Instant.now();

    private List<X509Certificate> chain(String party) {
        return KeyMaterial.fromPkcs12(pki.tlsClient(party), pki.password()).chain();
    }

    @Test
    void aPathIsFoundOnlyInsideTheValidityOfEveryCertificateOnIt() {
        List<X509Certificate> alice = chain("alice");
        CertificationPath path = CertificationPath.build(alice, pki.trustAnchors(), now);
        assertThat(path.anchor()).isPresent();
        ValidatedPaths paths = new ValidatedPaths();

        paths.remember(alice, path);

        Instant latestStart = alice.stream()
                .map(c -> c.getNotBefore().toInstant())
                .max(Instant::compareTo)
                .orElseThrow();
        Instant earliestEnd = alice.stream()
                .map(c -> c.getNotAfter().toInstant())
                .min(Instant::compareTo)
                .orElseThrow();
        assertThat(paths.find(alice, now)).contains(path);
        assertThat(paths.find(alice, latestStart)).contains(path);
        assertThat(paths.find(alice, earliestEnd)).contains(path);
        assertThat(paths.find(alice, latestStart.minusSeconds(1))).isEmpty();
        assertThat(paths.find(alice, earliestEnd.plusSeconds(1))).isEmpty();
    }

    @Test
    void otherCertificatesFindNothing() {
        List<X509Certificate> alice = chain("alice");
        ValidatedPaths paths = new ValidatedPaths();
        paths.remember(alice, CertificationPath.build(alice, pki.trustAnchors(), now));

        assertThat(paths.find(chain("bob"), now)).isEmpty();
        assertThat(paths.find(alice.subList(0, 1), now)).isEmpty();
        assertThat(paths.find(new ArrayList<>(alice), now))
                .as("equal lists are the same key")
                .isPresent();
    }

    @Test
    void manySetsOfCertificatesDoNotGrowTheRememberedPathsBeyondTheBound() {
        List<X509Certificate> alice = chain("alice");
        CertificationPath path = CertificationPath.build(alice, pki.trustAnchors(), now);
        ValidatedPaths paths = new ValidatedPaths();
        List<X509Certificate> offered = new ArrayList<>(alice);

        for (int i = 0; i < ValidatedPaths.MOST + 10; i++) {
            offered.add(alice.get(0)); // another list, so another key
            paths.remember(offered, path);
        }

        assertThat(paths.size()).isLessThanOrEqualTo(ValidatedPaths.MOST);
        assertThat(paths.find(offered, now)).as("the last remembered").contains(path);
    }
}
