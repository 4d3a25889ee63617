package nl.dkgw.pki;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** A private key with its certificate chain (own certificate first), as the gateway presents it. */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("key material needs at least its own certificate");
        }
        chain = List.copyOf(chain);
    }

    /** The own (end-entity) certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Reads the single private-key entry of a PKCS#12 file. */
    public static KeyMaterial fromPkcs12(Path file, char[] password) {
        KeyStore store = KeyStoreFiles.load(file, password);
        List<String> keyAliases = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("Cannot list the entries of key store " + file + ": " + e.getMessage(), e);
        }
        if (keyAliases.isEmpty()) {
            throw new KeyMaterialException("Key store " + file + " holds no private key entry; "
                    + "export the key together with its certificate chain into the PKCS#12 file");
        }
        if (keyAliases.size() > 1) {
            throw new KeyMaterialException("Key store " + file + " holds " + keyAliases.size() + " private key entries "
                    + keyAliases + "; name the one to use with its alias");
        }
        return fromKeyStore(store, keyAliases.get(0), password, file.toString());
    }

    /** Reads the private-key entry with the given alias from a PKCS#12 (or JKS) file. */
    public static KeyMaterial fromPkcs12(Path file, char[] password, String alias) {
        return fromKeyStore(KeyStoreFiles.load(file, password), alias, password, file.toString());
    }

    /** Reads the private-key entry with the given alias from a loaded key store (PKCS#12, JKS, PKCS#11). */
    public static KeyMaterial fromKeyStore(KeyStore store, String alias, char[] password, String storeName) {
        try {
            if (!store.containsAlias(alias)) {
                throw new KeyMaterialException("Key store " + storeName + " has no entry with alias '" + alias
                        + "'; it has " + Collections.list(store.aliases()));
            }
            if (!store.isKeyEntry(alias)) {
                throw new KeyMaterialException("Entry '" + alias + "' in key store " + storeName
                        + " is a certificate only, not a private key with its chain");
            }
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new KeyMaterialException(
                        "Entry '" + alias + "' in key store " + storeName + " is not a private key");
            }
            Certificate[] certificates = store.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new KeyMaterialException("Entry '" + alias + "' in key store " + storeName
                        + " has a private key but no certificate chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certificates) {
                chain.add((X509Certificate) c);
            }
            return new KeyMaterial(privateKey, chain);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(
                    "Cannot read private key '" + alias + "' from key store " + storeName + ": " + e.getMessage()
                            + " (is the key password the same as the store password?)",
                    e);
        }
    }

    /**
     * Reads an unencrypted PEM private key (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") and a PEM file with
     * the certificate chain, own certificate first.
     */
    public static KeyMaterial fromPem(Path privateKeyPem, Path certificateChainPem) {
        PrivateKey key = readPrivateKey(privateKeyPem);
        List<X509Certificate> chain = PemCertificates.read(certificateChainPem);
        if (chain.isEmpty()) {
            throw new KeyMaterialException("PEM file " + certificateChainPem + " holds no certificate");
        }
        return new KeyMaterial(key, chain);
    }

    private static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new KeyMaterialException("PEM file " + file + " holds no unencrypted private key"
                    + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")")
                    + "; convert it with 'openssl pkcs8 -topk8 -nocrypt'");
        } catch (IOException e) {
            throw new KeyMaterialException("Cannot read private key file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + SubjectName.of(certificate()) + ", chain of " + chain.size() + "]";
    }

    /** Loads key store files, with errors that name the file. */
    static final class KeyStoreFiles {
        private KeyStoreFiles() {}

        static KeyStore load(Path file, char[] password) {
            if (!Files.isRegularFile(file)) {
                throw new KeyMaterialException("Key store " + file + " does not exist or is not a file");
            }
            try {
                return KeyStore.getInstance(file.toFile(), password);
            } catch (IOException e) {
                throw new KeyMaterialException(
                        "Cannot open key store " + file + ": " + e.getMessage()
                                + " (wrong password, or not a PKCS#12/JKS file?)",
                        e);
            } catch (GeneralSecurityException e) {
                throw new KeyMaterialException("Cannot open key store " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
