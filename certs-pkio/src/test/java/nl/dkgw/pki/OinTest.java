package nl.dkgw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;

class OinTest {

    @Test
    void parsesAWellFormedOinAndNamesItsRegister() {
        Oin oin = Oin.parse(" 00000001823288444000 ");

        assertThat(oin.value()).isEqualTo("00000001823288444000");
        assertThat(oin.prefix()).isEqualTo("00000001");
        assertThat(oin.register()).isEqualTo(OinRegister.RSIN);
        assertThat(oin.mainNumber()).isEqualTo("823288444");
        assertThat(oin.isTest()).isFalse();
    }

    @Test
    void testPrefixMakesATestOin() {
        assertThat(Oin.parse("00000099000000001000").isTest()).isTrue();
    }

    @Test
    void kvkNumbersHaveEightDigitsAndSuffix0000() {
        Oin oin = Oin.of(OinRegister.KVK, "12345678");

        assertThat(oin.value()).isEqualTo("00000003123456780000");
        assertThat(oin.hasHrnShape()).isTrue();
        assertThatThrownBy(() -> Oin.parse("00000003123456789000"))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("suffix rule")
                .hasMessageContaining("'0000'");
    }

    @Test
    void rejectsWrongLength() {
        assertThatThrownBy(() -> Oin.parse("0000000182328844400"))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("19 characters")
                .hasMessageContaining("exactly 20 digits");
    }

    @Test
    void rejectsNonDigits() {
        assertThatThrownBy(() -> Oin.parse("0000000182328844400A"))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("other than digits");
    }

    @Test
    void rejectsUnknownPrefix() {
        assertThatThrownBy(() -> Oin.parse("00000005823288444000"))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("unknown prefix 00000005")
                .hasMessageContaining("00000099 TEST");
    }

    @Test
    void rejectsBrokenSuffix() {
        assertThatThrownBy(() -> Oin.parse("00000001823288444001"))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("suffix rule")
                .hasMessageContaining("'000'")
                .hasMessageContaining("ends in '001'");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Oin.parse(null))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void readsTheOinFromTheSubjectSerialNumber() {
        var cert = SharedTestPki.get().certificate("bob", Usage.TLS_CLIENT);

        assertThat(Oin.fromCertificate(cert)).contains(Oin.parse(SharedTestPki.BOB_OIN));
    }

    @Test
    void certificateWithoutSerialNumberHasNoOin() {
        assertThat(Oin.fromCertificate(SharedTestPki.get().rootCertificate())).isEmpty();
    }

    @Test
    void hrnIsAKvkBasedNumber() {
        Hrn hrn = Hrn.parse("00000003123456780000");

        assertThat(hrn.kvkNumber()).isEqualTo("12345678");
        assertThat(hrn.asOin().register()).isEqualTo(OinRegister.KVK);
        assertThatThrownBy(() -> Hrn.parse("00000001823288444000"))
                .isInstanceOf(InvalidOinException.class)
                .hasMessageContaining("prefix 00000003");
    }
}
