package nl.dkgw.cpa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.cpa.TestSpecifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CpaCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void generatesAValidCpaThatValidateAccepts() throws Exception {
        Path service = TestSpecifications.writeService(dir, "osb-rm-s");
        Path consumer = TestSpecifications.writeConsumer(dir);
        Path cpa = dir.resolve("cpa.xml");

        int generated = run(
                new CpaGenerateCommand(),
                "--service",
                service.toString(),
                "--consumer",
                consumer.toString(),
                "--out",
                cpa.toString(),
                "--cpa-version",
                "3");

        assertThat(generated).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote " + cpa);
        assertThat(Files.readString(cpa))
                .contains("tns:cpaid=\"dgl:ontvangen:1_0_00000001003214345000_00000001001234567000_3\"");

        int validated = run(new CpaValidateCommand(), cpa.toString());

        assertThat(validated).isEqualTo(CpaValidateCommand.VALID);
        assertThat(out.toString()).contains(cpa + ": valid");
    }

    @Test
    void validateListsEveryProblemOneALineAndExitsOne() throws Exception {
        Path cpa = dir.resolve("cpa.xml");
        run(
                new CpaGenerateCommand(),
                "--service",
                TestSpecifications.writeService(dir, "osb-rm").toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString(),
                "--out",
                cpa.toString());
        Files.writeString(
                cpa,
                Files.readString(cpa)
                        .replaceFirst("https://provider", "http://provider")
                        .replaceFirst("NotGuaranteed", "Guaranteed"));

        int code = run(new CpaValidateCommand(), cpa.toString());

        assertThat(code).isEqualTo(CpaValidateCommand.INVALID);
        assertThat(out.toString().lines())
                .anyMatch(l -> l.startsWith("ERROR") && l.contains("/Endpoint/@uri") && l.contains("is not https"))
                .anyMatch(l -> l.startsWith("WARNING") && l.contains("MessageOrder"))
                .anyMatch(l -> l.contains("INVALID, 1 error(s), 1 warning(s)"));
    }

    @Test
    void validateReadsFilesInTheirDeclaredEncoding() throws Exception {
        Path cpa = dir.resolve("cpa.xml");
        run(
                new CpaGenerateCommand(),
                "--service",
                TestSpecifications.writeService(dir, "osb-rm").toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString(),
                "--out",
                cpa.toString());
        String latin1 = Files.readString(cpa)
                .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                .replace("tns:partyName=\"Gemeente Test\"", "tns:partyName=\"Gemeente Súdwest-Fryslân\"");
        Files.write(cpa, latin1.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(run(new CpaValidateCommand(), cpa.toString()))
                .as(err.toString())
                .isEqualTo(CpaValidateCommand.VALID);
    }

    @Test
    void validateExitsTwoWhenTheFileCannotBeReadOrParsed() throws Exception {
        assertThat(run(new CpaValidateCommand(), dir.resolve("missing.xml").toString()))
                .isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("missing.xml: cannot read the file");

        Path garbage = Files.writeString(dir.resolve("garbage.xml"), "this is not xml");
        assertThat(run(new CpaValidateCommand(), garbage.toString())).isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("garbage.xml: CPA is not well-formed XML");
    }

    @Test
    void generateExitsTwoOnAWrongSpecification() throws Exception {
        Path service = TestSpecifications.writeService(dir, "osb-nope");

        int code = run(
                new CpaGenerateCommand(),
                "--service",
                service.toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString());

        assertThat(code).isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("profile 'osb-nope'");
    }

    @Test
    void generateWritesToStandardOutputWithoutOut() throws Exception {
        int code = run(
                new CpaGenerateCommand(),
                "--service",
                TestSpecifications.writeService(dir, "osb-be").toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString(),
                "--start",
                "2026-01-01T00:00:00Z");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("<?xml").contains("<tns:Start>2026-01-01T00:00:00Z</tns:Start>");
    }

    @Test
    void generateWritesTheChosenEncryptionAndWarnsThatItNeedsCompatibilityMode() throws Exception {
        Path cpa = dir.resolve("cbc.xml");

        int code = run(
                new CpaGenerateCommand(),
                "--service",
                TestSpecifications.writeService(dir, "osb-rm-e").toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString(),
                "--out",
                cpa.toString(),
                "--encryption",
                "aes128-cbc");

        assertThat(code).as(err.toString()).isZero();
        String xml = Files.readString(cpa);
        assertThat(xml)
                .contains(
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2001/04/xmlenc#aes128-cbc</tns:EncryptionAlgorithm>")
                .contains("<tns:EncryptionAlgorithm>http://www.w3.org/2001/04/xmlenc#rsa-1_5</tns:EncryptionAlgorithm>")
                .doesNotContain("#aes128-gcm")
                .doesNotContain("#aes256-gcm");
        assertThat(err.toString().lines())
                .anyMatch(l -> l.startsWith("WARNING")
                        && l.contains("ENC003")
                        && l.contains("security.compatibility-mode is on"))
                .anyMatch(l -> l.startsWith("WARNING") && l.contains("ENC004"));
    }

    @Test
    void generateTakesAnExplicitKeyTransportAndRefusesUnknownAlgorithms() throws Exception {
        Path cpa = dir.resolve("gcm.xml");
        Path service = TestSpecifications.writeService(dir, "osb-be-e");
        Path consumer = TestSpecifications.writeConsumer(dir);

        int code = run(
                new CpaGenerateCommand(),
                "--service",
                service.toString(),
                "--consumer",
                consumer.toString(),
                "--out",
                cpa.toString(),
                "--encryption",
                "aes256-gcm",
                "--key-transport",
                "rsa-oaep-mgf1p");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(cpa)).contains("xmlenc11#aes256-gcm").contains("xmlenc#rsa-oaep-mgf1p");
        assertThat(err.toString()).isEmpty();
        assertThat(run(
                        new CpaGenerateCommand(),
                        "--service",
                        service.toString(),
                        "--consumer",
                        consumer.toString(),
                        "--encryption",
                        "tripledes-cbc"))
                .isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("unknown data encryption algorithm 'tripledes-cbc'");
    }

    @Test
    void validateRefusesCbcNamingTheSettingAndAcceptsItWithWarningsInCompatibilityMode() throws Exception {
        Path cpa = dir.resolve("cbc.xml");
        run(
                new CpaGenerateCommand(),
                "--service",
                TestSpecifications.writeService(dir, "osb-be-e").toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString(),
                "--out",
                cpa.toString(),
                "--encryption",
                "aes256-cbc");

        int strict = run(new CpaValidateCommand(), cpa.toString());

        assertThat(strict).isEqualTo(CpaValidateCommand.INVALID);
        assertThat(out.toString().lines())
                .anyMatch(l -> l.startsWith("ERROR")
                        && l.contains("AES-CBC")
                        && l.contains("ENC003")
                        && l.contains("set security.compatibility-mode: true"));

        int lenient = run(new CpaValidateCommand(), "--compatibility-mode", cpa.toString());

        assertThat(lenient).isEqualTo(CpaValidateCommand.VALID);
        assertThat(out.toString()).contains(cpa + ": valid, 4 warning(s)");
    }

    @Test
    void validateWarnsAboutWhatTheReferenceAdapterCannotLoad() throws Exception {
        Path cpa = dir.resolve("cpa.xml");
        run(
                new CpaGenerateCommand(),
                "--service",
                TestSpecifications.writeService(dir, "osb-rm").toString(),
                "--consumer",
                TestSpecifications.writeConsumer(dir).toString(),
                "--out",
                cpa.toString());
        Files.writeString(
                cpa,
                Files.readString(cpa)
                        .replace(" tns:isIntelligibleCheckRequired=\"false\"", "")
                        .replace(" tns:actor=\"urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH\"", ""));

        int code = run(new CpaValidateCommand(), cpa.toString());

        assertThat(code).isEqualTo(CpaValidateCommand.VALID);
        assertThat(out.toString().lines())
                .anyMatch(l -> l.startsWith("WARNING")
                        && l.contains("BusinessTransactionCharacteristics")
                        && l.contains("isIntelligibleCheckRequired"))
                .anyMatch(l -> l.startsWith("WARNING")
                        && l.contains("default channel provider_defaultChannel")
                        && l.contains("toPartyMSH"))
                .anyMatch(l -> l.startsWith("WARNING") && l.contains("default channel consumer_defaultChannel"));
    }
}
