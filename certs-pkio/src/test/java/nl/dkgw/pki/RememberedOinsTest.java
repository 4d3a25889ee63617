package nl.dkgw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Optional;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;

class RememberedOinsTest {

    private final X509Certificate bob = SharedTestPki.get().certificate("bob", Usage.TLS_CLIENT);
    private final X509Certificate alice = SharedTestPki.get().certificate("alice", Usage.TLS_CLIENT);
    private final X509Certificate root = SharedTestPki.get().rootCertificate();

    @Test
    void answersAsTheCertificateSaysAndReadsEachCertificateOnce() {
        RememberedOins oins = new RememberedOins();

        Optional<Oin> first = oins.of(bob);

        assertThat(first).isEqualTo(Oin.fromCertificate(bob)).contains(Oin.parse(SharedTestPki.BOB_OIN));
        assertThat(oins.of(bob)).isSameAs(first);
        assertThat(oins.of(alice)).isEqualTo(Oin.fromCertificate(alice)).isNotEqualTo(first);
        assertThat(oins.of(root)).isEmpty();
        assertThat(oins.of(root)).isEmpty();
        assertThat(oins.remembered()).isEqualTo(3);
    }

    @Test
    void remembersNoMoreThanItsBound() {
        RememberedOins oins = new RememberedOins(2);

        oins.of(bob);
        oins.of(alice);
        assertThat(oins.remembered()).isEqualTo(2);
        assertThat(oins.of(root)).isEmpty();

        assertThat(oins.remembered()).isEqualTo(1);
        assertThat(oins.of(bob)).contains(Oin.parse(SharedTestPki.BOB_OIN));
        assertThat(oins.remembered()).isEqualTo(2);
        assertThatThrownBy(() -> new RememberedOins(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
