package nl.dkgw.cpa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.CpaParseException;
import nl.dkgw.cpa.CpaProblem;
import nl.dkgw.cpa.CpaValidator;
import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SpecificationReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate --service SPEC.yml --consumer SPEC.yml --out FILE [--encryption ALG] [--key-transport ALG]}: builds
 * the CPA between a provider's service and a consumer, validates it (a CBC or RSA 1.5 choice as a node in
 * compatibility mode would, so it is printed as a warning), and writes it when it has no errors. Exit 0 written, 1 the generated CPA has errors
 * (printed, nothing written), 2 a specification cannot be read or is wrong.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Generate a CPA from a service specification and a consumer specification (YAML, see docs/cpa.md).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:CPA written",
            "1:the generated CPA has errors (nothing written)",
            "2:a specification cannot be read or is wrong"
        })
public final class CpaGenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--service",
            required = true,
            paramLabel = "SPEC.yml",
            description = "the provider's service specification")
    Path service;

    @Option(names = "--consumer", required = true, paramLabel = "SPEC.yml", description = "the consumer specification")
    Path consumer;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the CPA (default: standard output)")
    Path out;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description = "CPA Start, e.g. 2026-12-01T00:00:00Z (default: now)")
    Instant start;

    @Option(
            names = "--end",
            paramLabel = "INSTANT",
            description = "CPA End (default: the earliest expiry of the named certificates)")
    Instant end;

    @Option(
            names = "--cpa-version",
            paramLabel = "VERSION",
            defaultValue = "1",
            description = "the version part of the CPAId (default: ${DEFAULT-VALUE})")
    String version;

    @Option(
            names = "--encryption",
            paramLabel = "ALGORITHM",
            defaultValue = "aes128-gcm",
            description =
                    "data encryption of the encrypted profiles: aes128-gcm, aes256-gcm, or, for peers that can do "
                            + "no better (both sides need security.compatibility-mode: true), aes128-cbc or aes256-cbc "
                            + "(default: ${DEFAULT-VALUE})")
    String encryption;

    @Option(
            names = "--key-transport",
            paramLabel = "ALGORITHM",
            description = "key transport of the encrypted profiles: rsa-oaep, rsa-oaep-mgf1p or rsa-1_5 "
                    + "(default: rsa-oaep with GCM, rsa-1_5 with CBC)")
    String keyTransport;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String xml;
        DigitalEnvelope envelope;
        try {
            SpecificationReader reader = new SpecificationReader();
            ServiceSpec serviceSpec = reader.readService(service);
            PartySpec consumerSpec = reader.readConsumer(consumer);
            Instant s = start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant e = end != null ? end : CpaGenerator.defaultEnd(serviceSpec, consumerSpec);
            envelope = DigitalEnvelope.forContent(encryption);
            if (keyTransport != null) envelope = envelope.withKeyTransport(keyTransport);
            xml = CpaGenerator.generate(serviceSpec, consumerSpec, s, e, version, envelope);
        } catch (IOException e) {
            err.println("cannot read " + e.getMessage());
            return CpaValidateCommand.UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return CpaValidateCommand.UNREADABLE;
        }
        List<CpaProblem> problems;
        try {
            problems = new CpaValidator(envelope.compatibilityOnly()).validate(xml);
        } catch (CpaParseException e) {
            err.println("generated CPA cannot be read back: " + e.getMessage());
            return CpaValidateCommand.INVALID;
        }
        problems.forEach(err::println);
        if (!CpaValidator.isValid(problems)) {
            err.println("the generated CPA has errors; nothing written");
            return CpaValidateCommand.INVALID;
        }
        if (out == null) {
            stdout.print(xml);
            stdout.flush();
            return CpaValidateCommand.VALID;
        }
        try {
            Files.writeString(out, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot write " + out + ": " + e.getMessage());
            return CpaValidateCommand.UNREADABLE;
        }
        stdout.println("wrote " + out);
        return CpaValidateCommand.VALID;
    }
}
