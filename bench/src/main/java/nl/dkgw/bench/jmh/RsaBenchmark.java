package nl.dkgw.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import nl.dkgw.gateway.security.CryptoProviderSelection;
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

/**
 * One RSA-2048 SHA256withRSA signature and one verification, as the JCA gives them without a named provider (as
 * Santuario asks), with {@code security.crypto-provider} set per fork: {@code jdk} (SunRsaSign, pure Java) or
 * {@code native} (Amazon Corretto Crypto Provider).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class RsaBenchmark {

    @Param({"jdk", "native"})
    String cryptoProvider;

    private KeyPair keys;
    private final byte[] data = "a SignedInfo element of about this size, canonicalised, ready to be signed by the MSH"
            .repeat(8)
            .getBytes(StandardCharsets.UTF_8);
    private byte[] signature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CryptoProviderSelection.apply(cryptoProvider);
        // the key in the form the first provider gives it, as a node's keys are read after the choice: a JDK key
        // object would make the native provider convert it on every initSign (about 0.75 ms for RSA-2048 here)
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        signature = sign();
        if (!verify()) {
            throw new IllegalStateException("verify() does not accept what sign() made");
        }
    }

    @Benchmark
    public byte[] sign() throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    @Benchmark
    public boolean verify() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(data);
        return verifier.verify(signature);
    }
}
