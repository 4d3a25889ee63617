package nl.dkgw.pki.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.support.CrlServer;
import nl.dkgw.pki.support.PemFiles;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Defect;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CertsCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = new CommandLine(new CertsCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void initWritesATestPkiWithTheRequestedDefects() {
        Path pkiDir = dir.resolve("pki");

        int code = run(
                "init",
                "--dir",
                pkiDir.toString(),
                "--party",
                "alice=00000099000000001000",
                "--party",
                "bob=00000001823288444000",
                "--host",
                "gw.test",
                "--expired",
                "bob",
                "--revoked",
                "bob");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("Test PKI written to")
                .contains("party bob")
                .contains("EXPIRED");
        TestPki pki = TestPki.open(pkiDir);
        assertThat(pki.party("bob").defects()).containsExactlyInAnyOrder(Defect.EXPIRED, Defect.REVOKED);
        assertThat(pki.party("alice").host()).isEqualTo("gw.test");
        assertThat(Oin.fromCertificate(pki.certificate("alice", Usage.TLS_SERVER)))
                .contains(Oin.parse("00000099000000001000"));
    }

    @Test
    void initRefusesADefectForAnUnknownPartyWithUsageExitCode() {
        int code = run("init", "--dir", dir.toString(), "--party", "alice=00000099000000001000", "--wrong-oin", "x");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--wrong-oin names party 'x'");
    }

    @Test
    void initReportsAnInvalidOinInOneLine() {
        int code = run("init", "--dir", dir.toString(), "--party", "alice=123");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .startsWith("error: OIN '123' has 3 characters")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertThat(run("init", "--party", "a=00000099000000001000")).isEqualTo(2);
        assertThat(err.toString()).contains("--dir");
    }

    @Test
    void withoutSubcommandItPrintsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("init").contains("show").contains("trust");
    }

    @Test
    void showDescribesAPkcs12ChainInPlainWords() {
        TestPki pki = pki();

        int code = run(
                "show",
                pki.tlsServer("alice").toString(),
                "--password",
                new String(pki.password()),
                "--crl-dir",
                pki.crlDirectory().toString(),
                "--trust",
                pki.trustStorePem().toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("Certificate 1 of 3 (own certificate)")
                .contains("OIN:         00000099000000001000 (test OIN)")
                .contains("Key usage:   DIGITAL_SIGNATURE, KEY_ENCIPHERMENT")
                .contains("Ext. usage:  serverAuth, clientAuth")
                .contains("Revocation:  not revoked")
                .contains("days left")
                .contains("Verdict: the chain is valid");
    }

    @Test
    void showBuildsTheChainOfALeafOnlyFileFromTheGivenIntermediates() throws Exception {
        TestPki pki = pki();
        Path leaf = PemFiles.write(dir.resolve("alice-leaf.pem"), pki.certificate("alice", Usage.SIGNING));
        Path bundle = PemFiles.write(
                dir.resolve("intermediates.pem"), pki.caCertificates().get(1), pki.issuingCaCertificate());

        assertThat(run(
                        "show",
                        leaf.toString(),
                        "--crl-dir",
                        pki.crlDirectory().toString(),
                        "--trust",
                        pki.trustStorePem().toString()))
                .isEqualTo(1);
        assertThat(out.toString()).contains("Verdict: NOT valid");

        out.getBuffer().setLength(0);
        int code = run(
                "show",
                leaf.toString(),
                "--crl-dir",
                pki.crlDirectory().toString(),
                "--trust",
                pki.trustStorePem().toString(),
                "--intermediates",
                bundle.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("Certificate 1 of 1 (own certificate)")
                .contains("Revocation:  not revoked")
                .contains("Verdict: the chain is valid");
    }

    @Test
    void showFlagsARevokedExpiredCertificateWithExitCode1() {
        TestPki pki = pki();

        int code = run(
                "show",
                pki.chainPem("bob", Usage.TLS_CLIENT).toString(),
                "--crl-dir",
                pki.crlDirectory().toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("EXPIRED on").contains("REVOKED on");
    }

    @Test
    void showFetchesCrlsFromTheDistributionPoints() throws Exception {
        try (CrlServer server = new CrlServer()) {
            TestPki pki = TestPki.generate(
                    dir.resolve("served"),
                    List.of(new TestPki.PartySpec("alice", "00000099000000001000")),
                    TestPki.Options.defaults().withCrlBaseUrl(server.baseUrl()));
            server.serve(pki.crlDirectory());
            pki.revoke("alice", Usage.SIGNING);

            int code = run("show", pki.chainPem("alice", Usage.SIGNING).toString(), "--fetch-crls");

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).contains("REVOKED on").contains("KEY_COMPROMISE");
            assertThat(server.requests("issuing.crl")).isEqualTo(1);
        }
    }

    @Test
    void showReadsDerAndSaysWhenRevocationWasNotChecked() throws Exception {
        TestPki pki = pki();
        Path der = dir.resolve("alice.cer");
        Files.write(der, pki.certificate("alice", Usage.SIGNING).getEncoded());

        int code = run("show", der.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Certificate 1 of 1").contains("not checked (use --crl-dir");
    }

    @Test
    void showNeedsThePasswordForPkcs12() {
        TestPki pki = pki();

        assertThat(run("show", pki.tlsServer("alice").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("--password");
    }

    @Test
    void trustAddCreatesAStoreAndRefusesAFakePkiOverheidRoot() throws Exception {
        TestPki pki = pki();
        Path store = dir.resolve("store").resolve("trust.p12");

        assertThat(run(
                        "trust",
                        "add",
                        pki.trustStorePem().toString(),
                        "--store",
                        store.toString(),
                        "--password",
                        "secret"))
                .isZero();
        assertThat(out.toString())
                .contains("Added")
                .contains(pki.rootCertificate().getSubjectX500Principal().getName());
        assertThat(TrustAnchors.fromKeyStore(store, "secret".toCharArray()).certificates())
                .containsExactly(pki.rootCertificate());

        Path fake = dir.resolve("fake-g1.pem");
        Files.writeString(
                fake, FakeRoot.pem("CN=Staat der Nederlanden Private Root CA - G1,O=Staat der Nederlanden,C=NL"));
        assertThat(run("trust", "add", fake.toString(), "--store", store.toString(), "--password", "secret"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("Refusing trust anchor").contains("cert.pkioverheid.nl");
        assertThat(TrustAnchors.fromKeyStore(store, "secret".toCharArray()).certificates())
                .hasSize(1);
    }

    @Test
    void trustAddPutsAnIntermediateAmongTheIntermediatesNeverInTheTrustStore() throws Exception {
        TestPki pki = pki();
        Path store = dir.resolve("trust.p12");
        Path issuing = PemFiles.write(dir.resolve("issuing.pem"), pki.issuingCaCertificate());

        assertThat(run("trust", "add", issuing.toString(), "--store", store.toString(), "--password", "secret"))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("is an intermediate CA certificate, which is never a trust anchor")
                .contains("--intermediates")
                .contains("nothing was added");
        assertThat(store).doesNotExist();

        Path bundle = dir.resolve("conf").resolve("intermediates.pem");
        assertThat(run("trust", "add", issuing.toString(), "--intermediates", bundle.toString()))
                .isZero();
        Path both = PemFiles.write(dir.resolve("both.pem"), pki.caCertificates().get(1), pki.issuingCaCertificate());
        assertThat(run("trust", "add", both.toString(), "--intermediates", bundle.toString()))
                .isZero();
        assertThat(out.toString())
                .contains("Added intermediate CA to " + bundle)
                .contains("Already among the intermediates");
        assertThat(IntermediateCertificates.load(bundle).certificates())
                .containsExactly(
                        pki.issuingCaCertificate(), pki.caCertificates().get(1));
        assertThat(store).doesNotExist();

        Path directory = Files.createDirectories(dir.resolve("intermediates.d"));
        assertThat(run("trust", "add", both.toString(), "--intermediates", directory.toString()))
                .isZero();
        assertThat(IntermediateCertificates.load(directory).certificates())
                .containsExactlyInAnyOrder(
                        pki.issuingCaCertificate(), pki.caCertificates().get(1));
        try (var files = Files.list(directory)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void trustAddSortsRootsAndIntermediatesOfOneFile() throws Exception {
        TestPki pki = pki();
        Path store = dir.resolve("trust.p12");
        Path bundle = dir.resolve("intermediates.pem");
        Path chain = PemFiles.write(dir.resolve("chain.pem"), pki.issuingCaCertificate(), pki.rootCertificate());

        assertThat(run(
                        "trust",
                        "add",
                        chain.toString(),
                        "--store",
                        store.toString(),
                        "--password",
                        "secret",
                        "--intermediates",
                        bundle.toString()))
                .isZero();

        assertThat(TrustAnchors.fromKeyStore(store, "secret".toCharArray()).certificates())
                .containsExactly(pki.rootCertificate());
        assertThat(IntermediateCertificates.load(bundle).certificates()).containsExactly(pki.issuingCaCertificate());
    }

    @Test
    void trustAddRefusesAnEndEntityCertificateInOneLineAndWritesNothing() throws Exception {
        TestPki pki = pki();
        Path store = dir.resolve("trust.p12");
        Path bundle = dir.resolve("intermediates.pem");
        Path leaf = PemFiles.write(
                dir.resolve("leaf.pem"), pki.issuingCaCertificate(), pki.certificate("alice", Usage.SIGNING));

        assertThat(run(
                        "trust",
                        "add",
                        leaf.toString(),
                        "--store",
                        store.toString(),
                        "--password",
                        "secret",
                        "--intermediates",
                        bundle.toString()))
                .isEqualTo(1);

        assertThat(err.toString().strip())
                .doesNotContain("\n")
                .startsWith("error: ")
                .contains("alice signing")
                .contains("is an end-entity certificate, not a CA");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(store).doesNotExist();
        assertThat(bundle).doesNotExist();
    }

    @Command(name = "dkgw", subcommands = CertsCommand.class)
    static class GatewayCli implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void worksAsASubcommandOfTheGatewayCli() {
        CommandLine gateway = new CommandLine(new GatewayCli());
        gateway.setOut(new PrintWriter(out));
        gateway.setErr(new PrintWriter(err));

        int code = gateway.execute(
                "certs", "init", "--dir", dir.resolve("sub").toString(), "--party", "a=00000099000000001000");

        assertThat(code).isZero();
        assertThat(dir.resolve("sub").resolve("trust.p12")).exists();
    }

    @Test
    void registersAsAnInstanceToo() {
        CommandLine gateway = new CommandLine(new GatewayCliWithout()).addSubcommand(new CertsCommand());
        gateway.setErr(new PrintWriter(err));
        assertThat(gateway.execute("certs", "trust")).isEqualTo(2);
        assertThat(err.toString()).contains("add");
    }

    @Command(name = "dkgw")
    static class GatewayCliWithout implements Runnable {
        @Override
        public void run() {}
    }

    private TestPki pki() {
        return TestPki.generate(
                dir.resolve("pki"),
                List.of(
                        new TestPki.PartySpec("alice", "00000099000000001000"),
                        new TestPki.PartySpec("bob", "00000001823288444000")
                                .with(Defect.EXPIRED)
                                .with(Defect.REVOKED)));
    }
}
