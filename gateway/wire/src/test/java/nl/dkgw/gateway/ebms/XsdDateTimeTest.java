package nl.dkgw.gateway.ebms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quick reading of a UTC timestamp gives what the JDK's parser gives, or leaves the text to it. */
class XsdDateTimeTest {

    /** What the envelope reader accepted before the quick reading: the JDK's parsers, nothing else. */
    private static Instant byTheJdk(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    @Test
    void utcTimestampsOfEveryPrecisionAreReadQuicklyAndAsTheJdkReadsThem() {
        Random random = new Random(20261206);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(-62_167_219_200L, 253_402_300_799L), random.nextInt(1_000_000_000));
            int fractionDigits = random.nextInt(10);
            String pattern =
                    "uuuu-MM-dd'T'HH:mm:ss" + (fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits)) + "'Z'";
            String text = DateTimeFormatter.ofPattern(pattern)
                    .withZone(ZoneOffset.UTC)
                    .format(instant);

            assertThat(XsdDateTime.utcWithSeconds(text)).as(text).isNotNull().isEqualTo(byTheJdk(text));
            assertThat(XsdDateTime.parse(text)).as(text).isEqualTo(byTheJdk(text));
        }
    }

    @Test
    void aTextWithOneCharacterChangedIsReadAsTheJdkReadsIt() {
        Random random = new Random(7);
        String alphabet = "0123456789-:.TZz+ x\u0661";
        String[] originals = {"2026-12-06T05:40:09.492Z", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00.123456789Z"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(originals[i % originals.length]);
            text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            String mutated = text.toString();
            Instant quick = XsdDateTime.utcWithSeconds(mutated);
            Instant jdk;
            try {
                jdk = byTheJdk(mutated);
            } catch (DateTimeParseException e) {
                assertThat(quick).as(mutated).isNull();
                assertThatThrownBy(() -> XsdDateTime.parse(mutated)).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            if (quick != null) {
                assertThat(quick).as(mutated).isEqualTo(jdk);
            }
            assertThat(XsdDateTime.parse(mutated)).as(mutated).isEqualTo(jdk);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-06T06:40:09.492+01:00",
                "2026-12-06T05:40:09.492",
                "2026-12-06T05:40Z",
                "+12026-12-06T05:40:09Z",
                "2026-12-06T05:40:09.Z",
                "2026-12-06T05:40:09.492z"
            })
    void otherFormsAreLeftToTheJdk(String text) {
        assertThat(XsdDateTime.utcWithSeconds(text)).isNull();
        assertThat(XsdDateTime.parse(text)).isEqualTo(byTheJdk(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T05:40:09Z",
                "2026-13-06T05:40:09Z",
                "2026-12-06T24:00:00Z",
                "2026-12-06T05:60:09Z",
                "2026-12-06T05:40:60Z",
                "2026-12-06T05:40:09.1234567891Z"
            })
    void impossibleTimestampsAreRefusedAsTheJdkRefusesThem(String text) {
        assertThat(XsdDateTime.utcWithSeconds(text)).isNull();
        assertThatThrownBy(() -> byTheJdk(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> XsdDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
