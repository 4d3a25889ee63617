package nl.dkgw.cpa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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

        int generated = run(new CpaGenerateCommand(), "--service", service.toString(), "--consumer", consumer.toString(),
                "--out", cpa.toString(), "--cpa-version", "3");

        assertThat(generated).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote " + cpa);
        assertThat(Files.readString(cpa)).contains("tns:cpaid=\"dgl:ontvangen:1_0_00000001003214345000_00000001001234567000_3\"");

        int validated = run(new CpaValidateCommand(), cpa.toString());

        assertThat(validated).isEqualTo(CpaValidateCommand.VALID);
        assertThat(out.toString()).contains(cpa + ": valid");
    }

    @Test
    void validateListsEveryProblemOneALineAndExitsOne() throws Exception {
        Path cpa = dir.resolve("cpa.xml");
        run(new CpaGenerateCommand(), "--service", TestSpecifications.writeService(dir, "osb-rm").toString(),
                "--consumer", TestSpecifications.writeConsumer(dir).toString(), "--out", cpa.toString());
        Files.writeString(cpa, Files.readString(cpa).replaceFirst("https://provider", "http://provider")
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
        run(new CpaGenerateCommand(), "--service", TestSpecifications.writeService(dir, "osb-rm").toString(),
                "--consumer", TestSpecifications.writeConsumer(dir).toString(), "--out", cpa.toString());
        String latin1 = Files.readString(cpa).replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                .replace("tns:partyName=\"Gemeente Test\"", "tns:partyName=\"Gemeente Súdwest-Fryslân\"");
        Files.write(cpa, latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(run(new CpaValidateCommand(), cpa.toString())).as(err.toString()).isEqualTo(CpaValidateCommand.VALID);
    }

    @Test
    void validateExitsTwoWhenTheFileCannotBeReadOrParsed() throws Exception {
        assertThat(run(new CpaValidateCommand(), dir.resolve("missing.xml").toString())).isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("missing.xml: cannot read the file");

        Path garbage = Files.writeString(dir.resolve("garbage.xml"), "this is not xml");
        assertThat(run(new CpaValidateCommand(), garbage.toString())).isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("garbage.xml: CPA is not well-formed XML");
    }

    @Test
    void generateExitsTwoOnAWrongSpecification() throws Exception {
        Path service = TestSpecifications.writeService(dir, "osb-nope");

        int code = run(new CpaGenerateCommand(), "--service", service.toString(),
                "--consumer", TestSpecifications.writeConsumer(dir).toString());

        assertThat(code).isEqualTo(CpaValidateCommand.UNREADABLE);
        assertThat(err.toString()).contains("profile 'osb-nope'");
    }

    @Test
    void generateWritesToStandardOutputWithoutOut() throws Exception {
        int code = run(new CpaGenerateCommand(), "--service", TestSpecifications.writeService(dir, "osb-be").toString(),
                "--consumer", TestSpecifications.writeConsumer(dir).toString(), "--start", "2026-01-01T00:00:00Z");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("<?xml").contains("<tns:Start>2026-01-01T00:00:00Z</tns:Start>");
    }
}
