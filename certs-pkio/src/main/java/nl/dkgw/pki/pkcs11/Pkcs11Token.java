package nl.dkgw.pki.pkcs11;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.KeyMaterialException;

/**
 * A PKCS#11 token (HSM, smart card, SoftHSM) opened through the JDK's SunPKCS11 provider. Private keys stay in the
 * token: the {@link KeyMaterial} it hands out holds a key handle that signs and decrypts inside the token. Opening a
 * token installs its provider (at the lowest priority) so that JSSE and other code can find it for the key handles.
 */
public final class Pkcs11Token {

    private final Provider provider;
    private final KeyStore keyStore;
    private final String description;

    private Pkcs11Token(Provider provider, KeyStore keyStore, String description) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.description = description;
    }

    /**
     * Opens the token described by a SunPKCS11 configuration file and logs in with the user PIN.
     *
     * @throws KeyMaterialException naming the configuration file when the library, slot or PIN is wrong
     */
    public static Pkcs11Token open(Path sunPkcs11ConfigFile, char[] pin) {
        if (!Files.isRegularFile(sunPkcs11ConfigFile)) {
            throw new KeyMaterialException("PKCS#11 configuration " + sunPkcs11ConfigFile + " does not exist");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KeyMaterialException("This JVM has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        Provider provider;
        try {
            provider = base.configure(sunPkcs11ConfigFile.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new KeyMaterialException(
                    "Cannot load the PKCS#11 library named in " + sunPkcs11ConfigFile + ": " + rootMessage(e)
                            + " (check 'library' and the slot)",
                    e);
        }
        // JSSE and XML signature code pick a provider for a key handle from the installed providers only
        if (Security.getProvider(provider.getName()) == null) {
            Security.addProvider(provider);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return new Pkcs11Token(
                    provider, store, "PKCS#11 token " + provider.getName() + " (" + sunPkcs11ConfigFile + ")");
        } catch (Exception e) {
            throw new KeyMaterialException(
                    "Cannot log in to the PKCS#11 token of " + sunPkcs11ConfigFile + ": " + rootMessage(e)
                            + " (wrong PIN, or the token is not initialised?)",
                    e);
        }
    }

    public static Pkcs11Token open(SunPkcs11Config config, Path configFile, char[] pin) {
        return open(config.writeTo(configFile), pin);
    }

    public Provider provider() {
        return provider;
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    /** Aliases of the private keys (with certificate) on the token. */
    public List<String> keyAliases() {
        try {
            List<String> result = new ArrayList<>();
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    result.add(alias);
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("Cannot list the keys of " + description + ": " + e.getMessage(), e);
        }
    }

    /** The key handle and certificate chain stored under the alias (the PIN is already given at login). */
    public KeyMaterial keyMaterial(String alias) {
        return KeyMaterial.fromKeyStore(keyStore, alias, null, description);
    }

    /** Stores a private key with its chain on the token (an import; keys generated on the token never leave it). */
    public void importKey(String alias, PrivateKey key, List<X509Certificate> chain) {
        try {
            keyStore.setKeyEntry(alias, key, null, chain.toArray(Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(
                    "Cannot store key '" + alias + "' on " + description + ": " + e.getMessage(), e);
        }
    }

    /** A JSSE key manager over all keys of the token, for {@code TlsContexts.create(X509KeyManager, ...)}. */
    public X509KeyManager keyManager() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("NewSunX509");
            factory.init(keyStore, null);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509KeyManager x509) {
                    return x509;
                }
            }
            throw new KeyMaterialException("JSSE offered no X509KeyManager for " + description);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("Cannot create a key manager for " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
