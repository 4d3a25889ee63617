package nl.dkgw.pki.testpki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * RSA-2048 key pairs generated once per JVM and handed out by index, because key generation dominates the time to
 * build a test PKI. Test PKIs give their CAs unique names, so two PKIs sharing keys never trust each other.
 */
final class KeyPool {

    private static final List<KeyPair> KEYS = new ArrayList<>();

    private KeyPool() {
    }

    static synchronized KeyPair get(int index) {
        while (KEYS.size() <= index) {
            KEYS.add(generate());
        }
        return KEYS.get(index);
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
