package nl.dkgw.gateway.security;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code security.crypto-provider} when a node starts: puts the native provider (Amazon Corretto Crypto
 * Provider, {@link NativeCrypto}) first in the JVM's provider list, or leaves the JDK's providers, and logs the choice
 * as one line (event {@code crypto.provider}).
 *
 * <p>With the native provider first, every JCA look-up without a named provider (Santuario's signatures and XML
 * Encryption, JSSE's handshakes, certificate path validation) gets its implementation where it has one, and the
 * JDK's otherwise. A key it cannot use (a PKCS#11 token's key handle) is passed on by the JCA's delayed provider
 * selection to the next provider that can, so the token keeps signing with its own key. The provider list belongs to
 * the JVM: several nodes in one JVM (tests, the demo) share the choice the last of them made.
 */
public final class CryptoProviderSelection {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviderSelection.class);

    private final NativeCrypto nativeCrypto;

    CryptoProviderSelection(NativeCrypto nativeCrypto) {
        this.nativeCrypto = nativeCrypto;
    }

    /**
     * Applies the configured value ({@code auto}, {@code jdk} or {@code native}) to this JVM and logs the outcome.
     * Call it before any key is read: keys read afterwards come in the native provider's own form, where a JDK key
     * object would be converted again on every signature.
     *
     * @throws IllegalStateException for {@code native} when the native provider cannot be used here, saying why
     */
    public static CryptoProviderChoice apply(String configValue) {
        return new CryptoProviderSelection(NativeCrypto.onClassPath()).apply(CryptoProviderMode.of(configValue));
    }

    CryptoProviderChoice apply(CryptoProviderMode mode) {
        CryptoProviderChoice choice;
        synchronized (CryptoProviderSelection.class) {
            choice = choose(mode);
        }
        LOG.atInfo()
                .addKeyValue("event", "crypto.provider")
                .addKeyValue("mode", mode.configValue())
                .addKeyValue("provider", choice.provider())
                .addKeyValue("name", choice.name())
                .addKeyValue("version", choice.version())
                .addKeyValue("reason", choice.reason())
                .log(
                        "cryptography runs on the {} provider {} {}: {}",
                        choice.provider(),
                        choice.name(),
                        choice.version(),
                        choice.reason());
        return choice;
    }

    private CryptoProviderChoice choose(CryptoProviderMode mode) {
        if (mode == CryptoProviderMode.JDK) {
            Security.removeProvider(NativeCrypto.PROVIDER_NAME);
            return jdk(CryptoProviderMode.KEY + " is jdk");
        }
        NativeCrypto.Probe probe = nativeCrypto.probe();
        if (probe.provider().isEmpty()) {
            if (mode == CryptoProviderMode.NATIVE) {
                throw new IllegalStateException(CryptoProviderMode.KEY + " is native, but the native crypto provider "
                        + "(Amazon Corretto Crypto Provider) cannot be used here: " + probe.finding() + ". Set "
                        + CryptoProviderMode.KEY + " to auto to run on the JDK's providers when it cannot, or to jdk.");
            }
            return jdk("the native provider cannot be used: " + probe.finding());
        }
        Provider provider = probe.provider().get();
        installFirst(provider);
        return new CryptoProviderChoice(
                CryptoProviderChoice.NATIVE, provider.getName(), provider.getVersionStr(), probe.finding());
    }

    private static void installFirst(Provider provider) {
        Provider[] installed = Security.getProviders();
        if (installed.length > 0 && installed[0].getName().equals(provider.getName())) {
            return;
        }
        Security.removeProvider(provider.getName());
        Security.insertProviderAt(provider, 1);
    }

    /** The JDK's choice, named after the provider that does its RSA signatures (SunRsaSign). */
    private static CryptoProviderChoice jdk(String reason) {
        try {
            Provider rsa = Signature.getInstance("SHA256withRSA").getProvider();
            return new CryptoProviderChoice(CryptoProviderChoice.JDK, rsa.getName(), rsa.getVersionStr(), reason);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no provider for SHA256withRSA", e);
        }
    }
}
