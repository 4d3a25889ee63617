package nl.dkgw.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code security.crypto-provider}: auto takes the native provider where it works (this build machine is
 * linux-x86_64 with glibc, so it does here), jdk keeps it out, native refuses to start without it; a class path
 * without the provider's jar is a real "cannot be used here" (a class loader that does not see it). That the native
 * library failing to load is handled the same way is {@link NativeLibraryUnavailableTest}, in a JVM of its own.
 */
class CryptoProviderSelectionTest {

    private static KeyPair rsa;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(CryptoProviderSelection.class);
    private ProviderListSnapshot before;

    @BeforeAll
    static void rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
    }

    @BeforeEach
    void jdkProvidersOnly() {
        before = ProviderListSnapshot.take();
        Security.removeProvider(NativeCrypto.PROVIDER_NAME); // an earlier node in this JVM may have installed it
        logs.start();
        log.addAppender(logs);
    }

    @AfterEach
    void putTheProviderListBack() {
        log.detachAppender(logs);
        before.restore();
    }

    /** A class loader that sees the JDK but not the class path: the provider's jar is not there. */
    private static NativeCrypto withoutTheJar() {
        return new NativeCrypto(new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader()));
    }

    private static String signingProvider() throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.getPrivate());
        signer.update("ebMS".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initVerify(rsa.getPublic());
        jdk.update("ebMS".getBytes(StandardCharsets.UTF_8));
        assertThat(jdk.verify(signature))
                .as("the JDK verifies what %s signed", signer.getProvider())
                .isTrue();
        return signer.getProvider().getName();
    }

    private List<Map<String, String>> loggedChoices() {
        return logs.list.stream()
                .map(e -> e.getKeyValuePairs() == null
                        ? Map.<String, String>of()
                        : e.getKeyValuePairs().stream()
                                .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value))))
                .filter(kv -> "crypto.provider".equals(kv.get("event")))
                .toList();
    }

    @Test
    void autoInstallsTheNativeProviderFirstWhereItWorks() throws Exception {
        CryptoProviderChoice choice = CryptoProviderSelection.apply("auto");

        assertThat(choice.isNative()).as(choice.reason()).isTrue();
        assertThat(choice.name()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(choice.version()).isEqualTo("2.5.0");
        assertThat(choice.reason()).contains("AWS-LC").contains("passed its self-tests");
        assertThat(Security.getProviders()[0].getName()).isEqualTo(NativeCrypto.PROVIDER_NAME);
        assertThat(signingProvider()).isEqualTo(NativeCrypto.PROVIDER_NAME);
        assertThat(loggedChoices())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .containsEntry("mode", "auto")
                        .containsEntry("provider", "native")
                        .containsEntry("name", "AmazonCorrettoCryptoProvider")
                        .containsEntry("version", "2.5.0")
                        .containsKey("reason"));
    }

    /**
     * Why a node applies the choice before it reads any key: a key read afterwards is in the native provider's own
     * form, where a JDK key object would be converted again on every signature (about 0.75 ms of an RSA-2048
     * signature's 1.1 ms, measured here).
     */
    @Test
    void aKeyReadAfterTheChoiceIsInTheNativeProvidersOwnForm() throws Exception {
        CryptoProviderSelection.apply("auto");

        PrivateKey key = SecurityFixtures.signingKey(SecurityFixtures.A).privateKey();

        assertThat(key.getClass().getName()).startsWith("com.amazon.corretto.crypto.provider.");
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        assertThat(signer.getProvider().getName()).isEqualTo(NativeCrypto.PROVIDER_NAME);
    }

    @Test
    void applyingItAgainKeepsOneNativeProviderFirst() {
        CryptoProviderSelection.apply("auto");
        Provider sun = Security.getProvider("SUN");
        Security.removeProvider("SUN");
        Security.insertProviderAt(sun, 1); // something else moved in front of it
        CryptoProviderSelection.apply("native");

        assertThat(ProviderListSnapshot.names()).first().isEqualTo(NativeCrypto.PROVIDER_NAME);
        assertThat(ProviderListSnapshot.names())
                .filteredOn(NativeCrypto.PROVIDER_NAME::equals)
                .hasSize(1);
    }

    @Test
    void jdkTakesTheNativeProviderOutAgain() throws Exception {
        CryptoProviderSelection.apply("auto");

        CryptoProviderChoice choice = CryptoProviderSelection.apply("jdk");

        assertThat(choice.isNative()).isFalse();
        assertThat(choice)
                .extracting(CryptoProviderChoice::provider, CryptoProviderChoice::name)
                .containsExactly("jdk", "SunRsaSign");
        assertThat(choice.reason()).isEqualTo("security.crypto-provider is jdk");
        assertThat(ProviderListSnapshot.names()).doesNotContain(NativeCrypto.PROVIDER_NAME);
        assertThat(signingProvider()).isEqualTo("SunRsaSign");
    }

    @Test
    void autoStaysOnTheJdkWhenTheNativeProviderIsNotThereAndSaysWhy() throws Exception {
        List<String> providers = ProviderListSnapshot.names();

        CryptoProviderChoice choice = new CryptoProviderSelection(withoutTheJar()).apply(CryptoProviderMode.AUTO);

        assertThat(choice.provider()).isEqualTo("jdk");
        assertThat(choice.reason())
                .isEqualTo("the native provider cannot be used: its jar "
                        + "(software.amazon.cryptools:AmazonCorrettoCryptoProvider) is not on the class path");
        assertThat(ProviderListSnapshot.names()).isEqualTo(providers);
        assertThat(signingProvider()).isEqualTo("SunRsaSign");
        assertThat(loggedChoices())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .containsEntry("mode", "auto")
                        .containsEntry("provider", "jdk")
                        .containsEntry("name", "SunRsaSign"));
    }

    @Test
    void nativeRefusesToStartWhenTheNativeProviderIsNotThereAndSaysWhatToDo() {
        List<String> providers = ProviderListSnapshot.names();

        assertThatThrownBy(() -> new CryptoProviderSelection(withoutTheJar()).apply(CryptoProviderMode.NATIVE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("security.crypto-provider is native, but the native crypto provider (Amazon Corretto "
                        + "Crypto Provider) cannot be used here: its jar "
                        + "(software.amazon.cryptools:AmazonCorrettoCryptoProvider) is not on the class path. Set "
                        + "security.crypto-provider to auto to run on the JDK's providers when it cannot, or to jdk.");
        assertThat(ProviderListSnapshot.names()).isEqualTo(providers);
        assertThat(loggedChoices()).isEmpty();
    }

    @Test
    void anUnknownModeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> CryptoProviderSelection.apply("openssl"))
                .hasMessage("security.crypto-provider must be 'auto', 'jdk' or 'native', not 'openssl'");
        assertThat(CryptoProviderMode.of(" Native ")).isEqualTo(CryptoProviderMode.NATIVE);
    }
}
