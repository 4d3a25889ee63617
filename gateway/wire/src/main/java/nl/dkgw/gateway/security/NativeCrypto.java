package nl.dkgw.gateway.security;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.util.Optional;

/**
 * The native JCA provider, Amazon Corretto Crypto Provider (ACCP: RSA, AES-GCM, digests and ECDH in AWS-LC), found in
 * a class loader and asked whether it can be used here: its native library loaded (it is built for linux-x86_64 with
 * glibc; on another system it disables itself) and its self-tests passed. ACCP is looked up by name so that a class
 * path without its jar is one more reason it is unavailable, not a {@link NoClassDefFoundError}.
 */
final class NativeCrypto {

    static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    static final String PROVIDER_NAME = "AmazonCorrettoCryptoProvider";

    private final ClassLoader classLoader;

    NativeCrypto(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** ACCP as the gateway's own class path has it. */
    static NativeCrypto onClassPath() {
        return new NativeCrypto(NativeCrypto.class.getClassLoader());
    }

    /** What looking for the provider found: the provider, or in words why it cannot be used. */
    record Probe(Optional<Provider> provider, String finding) {
        static Probe usable(Provider provider, String finding) {
            return new Probe(Optional.of(provider), finding);
        }

        static Probe unusable(String why) {
            return new Probe(Optional.empty(), why);
        }
    }

    Probe probe() {
        Class<?> type;
        try {
            type = Class.forName(PROVIDER_CLASS, true, classLoader);
        } catch (ClassNotFoundException e) {
            return Probe.unusable(
                    "its jar (software.amazon.cryptools:AmazonCorrettoCryptoProvider) is not on the " + "class path");
        } catch (LinkageError e) {
            return Probe.unusable("its classes cannot be loaded: " + e);
        }
        try {
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            Object loadingError = type.getMethod("getLoadingError").invoke(provider);
            if (loadingError != null) {
                return Probe.unusable("its native library did not load on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ": " + loadingError);
            }
            Object selfTests = type.getMethod("runSelfTests").invoke(provider);
            if (!"PASSED".equals(String.valueOf(selfTests))) {
                return Probe.unusable("its self-tests ended " + selfTests);
            }
            return Probe.usable(provider, provider.getInfo() + " loaded and passed its self-tests");
        } catch (InvocationTargetException e) {
            return Probe.unusable("asking it whether it is healthy failed: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Probe.unusable("it cannot be initialised: " + e);
        }
    }
}
