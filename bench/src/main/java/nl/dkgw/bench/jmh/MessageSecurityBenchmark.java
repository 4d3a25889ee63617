package nl.dkgw.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.ContentEncryption;
import nl.dkgw.gateway.security.CryptoProviderSelection;
import nl.dkgw.gateway.security.MessageSigner;
import nl.dkgw.gateway.security.PayloadDecryptor;
import nl.dkgw.gateway.security.PayloadEncryptor;
import nl.dkgw.gateway.security.SignatureAlgorithms;
import nl.dkgw.gateway.security.SignatureVerifier;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Document;

/**
 * The security steps of the signed and encrypted profiles, one message each, with the gateway's own classes and a
 * generated test PKI (RSA-2048 keys): sign (envelope + every payload, RSA-SHA256, as MessageSecurity does for
 * osb-rm-s), serialize (the signed tree to the bytes posted), verify (the signature, its references and the signer's chain with CRLs, as the receiving node does),
 * encrypt (AES-128-GCM content, RSA-OAEP key transport, as osb-rm-e does) and decrypt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class MessageSecurityBenchmark {

    private static final String SENDER = "ggd";
    private static final String RECEIVER = "rivm";

    @Param({"2048", "1048576"})
    int payloadBytes;

    /** security.crypto-provider for this fork: {@code jdk} or {@code native} (run both to compare, side by side). */
    @Param({"jdk", "native"})
    String cryptoProvider;

    private Path pkiDir;
    private KeyMaterial signingKey;
    private X509Certificate signingCertificate;
    private KeyMaterial encryptionKey;
    private X509Certificate encryptionCertificate;
    private CertificateValidator validator;
    private final MessageSigner signer = new MessageSigner();
    private final SignatureVerifier verifier = new SignatureVerifier();
    private final PayloadEncryptor encryptor = new PayloadEncryptor();
    private final PayloadDecryptor decryptor = new PayloadDecryptor();
    private List<Payload> payloads;
    private EbmsMessage message;
    private byte[] signedEnvelope;
    private Document signedDocument;
    private List<Payload> encrypted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CryptoProviderSelection.apply(cryptoProvider); // as a node does at start; each fork is a JVM of its own
        pkiDir = Files.createTempDirectory("dkgw-bench-pki");
        TestPki pki = TestPki.generate(
                pkiDir,
                List.of(
                        new TestPki.PartySpec(SENDER, "00000099000000001000"),
                        new TestPki.PartySpec(RECEIVER, "00000099000000002000")));
        signingKey = pki.keyMaterial(SENDER, TestPki.Usage.SIGNING);
        signingCertificate = pki.certificate(SENDER, TestPki.Usage.SIGNING);
        encryptionKey = pki.keyMaterial(RECEIVER, TestPki.Usage.ENCRYPTION);
        encryptionCertificate = pki.certificate(RECEIVER, TestPki.Usage.ENCRYPTION);
        validator = PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource(new DirectoryCrlSource(pki.crlDirectory()))
                .build();

        byte[] data = new byte[payloadBytes];
        Arrays.fill(data, (byte) 'x');
        payloads = List.of(new Payload("payload-1@dkgw", "application/xml", data));
        Instant now = Instant.now();
        MessageHeader header = new MessageHeader(
                "dkgw:demo-osb-rm-s:1_0_00000099000000002000_00000099000000001000_1",
                "conversation-1",
                PartyId.oin("00000099000000001000"),
                "Aanleverer",
                PartyId.oin("00000099000000002000"),
                "Ontvanger",
                "dkgw:demo-osb-rm-s:1.0",
                "urn:osb:services",
                "SendTestResult",
                "0f8fad5b-d9cb-469f-a165-70867728950e@00000099000000001000.dkgw",
                now,
                null,
                now.plusSeconds(3600),
                true);
        message = new EbmsMessage(
                header,
                new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, true),
                false,
                null,
                null,
                List.of(),
                List.of("cid:payload-1@dkgw"),
                null,
                null,
                payloads);
        signedDocument = sign();
        signedEnvelope = SafeXml.serialize(signedDocument);
        encrypted = encrypt();
        // Each benchmark must do what the gateway does, so fail the run now if one of them would fail.
        verify();
        if (!Arrays.equals(decrypt().get(0).data(), data)) {
            throw new IllegalStateException("decrypt() does not give back the payload");
        }
    }

    /** Builds the envelope and signs it with its payload, as the sending node of a signed profile does. */
    @Benchmark
    public Document sign() throws Exception {
        return signer.sign(
                new EnvelopeWriter().write(message),
                payloads,
                signingKey,
                SignatureAlgorithms.RSA_SHA256,
                SignatureAlgorithms.SHA256);
    }

    /** Writes a signed envelope (its DOM tree, as signing left it) to the bytes that go on the wire. */
    @Benchmark
    public byte[] serialize() {
        return SafeXml.serialize(signedDocument);
    }

    /** Parses a signed envelope and verifies signature, references and the signer's chain (CRL included). */
    @Benchmark
    public VerifiedSignature verify() throws Exception {
        return verifier.verify(SafeXml.parse(signedEnvelope), payloads, signingCertificate, validator);
    }

    @Benchmark
    public List<Payload> encrypt() throws Exception {
        return encryptor.encryptAll(payloads, encryptionCertificate, ContentEncryption.AES128_GCM.uri());
    }

    @Benchmark
    public List<Payload> decrypt() throws Exception {
        return decryptor.decryptAll(encrypted, encryptionKey);
    }

    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void tearDown() {
        try (var files = Files.walk(pkiDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
