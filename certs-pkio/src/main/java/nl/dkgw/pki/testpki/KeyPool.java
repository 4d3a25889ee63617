package nl.dkgw.pki.testpki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * RSA-2048 key pairs for test PKIs, handed out by index, because key generation (about a second per key on a small
 * machine) dominates the time to build a test PKI. Keys are kept per JVM and, unless the system property
 * {@value #CACHE_PROPERTY} is {@code none}, in a cache directory (default {@code <java.io.tmpdir>/dkgw-testpki-keys})
 * so later runs start fast. These keys protect nothing real. Test PKIs give their CAs unique names, so two PKIs
 * sharing keys never trust each other.
 */
final class KeyPool {

    static final String CACHE_PROPERTY = "dkgw.testpki.keyCache";
    private static final List<KeyPair> KEYS = new ArrayList<>();

    private KeyPool() {}

    static synchronized KeyPair get(int index) {
        prefetch(index + 1);
        return KEYS.get(index);
    }

    /** Makes sure the first {@code count} keys exist, generating missing ones in parallel. */
    static synchronized void prefetch(int count) {
        if (KEYS.size() >= count) {
            return;
        }
        int from = KEYS.size();
        List<KeyPair> loaded = IntStream.range(from, count)
                .parallel()
                .mapToObj(KeyPool::loadOrGenerate)
                .toList();
        KEYS.addAll(loaded);
    }

    private static KeyPair loadOrGenerate(int index) {
        return loadOrGenerate(cacheDir(), index);
    }

    /** The cached key with this index in the directory, generated and stored first when absent or unreadable. */
    static KeyPair loadOrGenerate(Path cache, int index) {
        if (cache == null) {
            return generate();
        }
        Path file = cache.resolve("key-" + index + ".pk8");
        if (Files.isRegularFile(file)) {
            try {
                return fromPkcs8(Files.readAllBytes(file));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                // an unreadable cache entry is replaced below
            }
        }
        KeyPair keys = generate();
        try {
            Files.createDirectories(cache);
            Path temp = Files.createTempFile(cache, "key-" + index, ".tmp");
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.write(temp, keys.getPrivate().getEncoded());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // the cache is an optimisation only
        }
        return keys;
    }

    private static Path cacheDir() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if ("none".equals(configured)) {
            return null;
        }
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "dkgw-testpki-keys");
    }

    private static KeyPair fromPkcs8(byte[] encoded) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(encoded));
        return new KeyPair(
                factory.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent())),
                privateKey);
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key: " + e.getMessage(), e);
        }
    }
}
