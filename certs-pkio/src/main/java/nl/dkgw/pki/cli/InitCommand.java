package nl.dkgw.pki.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Defect;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code certs init}: writes a PKIoverheid-shaped test PKI with the given parties, optionally with broken ones. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Create a test PKI (root, domain CA, issuing CA; per party TLS server/client, signing and "
                + "encryption certificates with the OIN in the subject serialNumber). For tests only.")
class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Directory to write the test PKI to.")
    Path dir;

    @Option(
            names = "--party",
            required = true,
            paramLabel = "NAME=OIN",
            description = "A party and its OIN; repeat for more parties.")
    Map<String, String> parties = new LinkedHashMap<>();

    @Option(
            names = "--host",
            defaultValue = "localhost",
            description = "Host name in the TLS server certificates "
                    + "(default: ${DEFAULT-VALUE}; localhost also gets IP 127.0.0.1).")
    String host;

    @Option(
            names = "--crl-base-url",
            description = "URL the CRL distribution points start with; "
                    + "<url>/<ca>.crl must serve the files in <dir>/crl.")
    String crlBaseUrl;

    @Option(names = "--expired", paramLabel = "NAME", description = "Give this party expired certificates.")
    List<String> expired = new ArrayList<>();

    @Option(names = "--not-yet-valid", paramLabel = "NAME", description = "Certificates valid only from next month.")
    List<String> notYetValid = new ArrayList<>();

    @Option(names = "--revoked", paramLabel = "NAME", description = "List this party's certificates in the CRL.")
    List<String> revoked = new ArrayList<>();

    @Option(names = "--wrong-oin", paramLabel = "NAME", description = "Put another OIN in this party's certificates.")
    List<String> wrongOin = new ArrayList<>();

    @Option(names = "--missing-key-usage", paramLabel = "NAME", description = "Leave out keyUsage digitalSignature.")
    List<String> missingKeyUsage = new ArrayList<>();

    @Option(names = "--sha1", paramLabel = "NAME", description = "Sign this party's certificates with SHA-1.")
    List<String> sha1 = new ArrayList<>();

    @Option(names = "--untrusted-root", paramLabel = "NAME", description = "Issue under a root that is not trusted.")
    List<String> untrustedRoot = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, Set<Defect>> defects = new LinkedHashMap<>();
        addDefect(defects, expired, Defect.EXPIRED);
        addDefect(defects, notYetValid, Defect.NOT_YET_VALID);
        addDefect(defects, revoked, Defect.REVOKED);
        addDefect(defects, wrongOin, Defect.WRONG_OIN);
        addDefect(defects, missingKeyUsage, Defect.MISSING_KEY_USAGE);
        addDefect(defects, sha1, Defect.SHA1_SIGNED);
        addDefect(defects, untrustedRoot, Defect.UNTRUSTED_ROOT);
        return CommandErrors.run(spec, () -> {
            List<PartySpec> specs = new ArrayList<>();
            parties.forEach(
                    (name, oin) -> specs.add(new PartySpec(name, oin, host, defects.getOrDefault(name, Set.of()))));
            TestPki.Options options = TestPki.Options.defaults();
            if (crlBaseUrl != null) {
                options = options.withCrlBaseUrl(crlBaseUrl);
            }
            TestPki pki = TestPki.generate(dir, specs, options);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Test PKI written to " + pki.dir().toAbsolutePath());
            out.println("  trust store: " + pki.trustStore() + " (root certificate; also " + pki.trustStorePem() + ")");
            out.println("  CRLs:        " + pki.crlDirectory());
            for (PartySpec party : pki.parties()) {
                out.println("  party " + party.name() + " (OIN " + party.oin() + ", host " + party.host() + ")"
                        + (party.defects().isEmpty() ? "" : " with defects " + party.defects()) + ": "
                        + pki.tlsServer(party.name()).getParent());
            }
            out.println("  PKCS#12 password: in " + pki.dir().resolve("testpki.properties") + " (property 'password')");
            out.flush();
            return CertsCommand.OK;
        });
    }

    private void addDefect(Map<String, Set<Defect>> defects, List<String> names, Defect defect) {
        for (String name : names) {
            if (!parties.containsKey(name)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--" + optionName(defect) + " names party '" + name
                                + "', which is not given with --party (parties: " + parties.keySet() + ")");
            }
            defects.computeIfAbsent(name, n -> EnumSet.noneOf(Defect.class)).add(defect);
        }
    }

    private static String optionName(Defect defect) {
        return switch (defect) {
            case EXPIRED -> "expired";
            case NOT_YET_VALID -> "not-yet-valid";
            case REVOKED -> "revoked";
            case WRONG_OIN -> "wrong-oin";
            case MISSING_KEY_USAGE -> "missing-key-usage";
            case SHA1_SIGNED -> "sha1";
            case UNTRUSTED_ROOT -> "untrusted-root";
        };
    }
}
