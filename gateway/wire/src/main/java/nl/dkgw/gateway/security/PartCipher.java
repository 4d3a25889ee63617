package nl.dkgw.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The octets of an XML Encryption cipher value, streamed: the IV, then the ciphertext (for GCM followed by the 128-bit
 * tag), as Santuario lays them out. Encryption uses the JCA (which releases ciphertext as it goes). GCM decryption uses
 * Bouncy Castle's GCM, which releases plaintext as it goes where the JCA's GCM holds the whole ciphertext back until
 * the tag is checked: the caller must treat the plaintext as unverified until this method returns normally.
 */
final class PartCipher {

    static final int TAG_BITS = 128;
    private static final int BUFFER = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PartCipher() {}

    /** Writes IV and ciphertext (with the tag, for GCM) of everything {@code plain} holds to {@code raw}. */
    static void encrypt(ContentEncryption content, Key key, InputStream plain, OutputStream raw)
            throws GeneralSecurityException, IOException {
        byte[] iv = new byte[content.ivBytes()];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(content.transformation());
        cipher.init(Cipher.ENCRYPT_MODE, key, parameters(content, iv));
        raw.write(iv);
        pump(cipher, plain, raw);
    }

    /**
     * Reads IV and ciphertext from {@code raw} and writes the plaintext to {@code plain}; throws when the ciphertext
     * does not verify (GCM) or unpad (CBC), in which case what was written must be thrown away.
     */
    static void decrypt(ContentEncryption content, Key key, InputStream raw, OutputStream plain)
            throws GeneralSecurityException, IOException {
        byte[] iv = raw.readNBytes(content.ivBytes());
        if (iv.length < content.ivBytes()) {
            throw new GeneralSecurityException("the cipher value holds " + iv.length + " octets, fewer than the "
                    + content.ivBytes() + "-octet IV of " + content.displayName());
        }
        byte[] encoded = content.gcm() && "RAW".equalsIgnoreCase(key.getFormat()) ? key.getEncoded() : null;
        if (encoded != null) {
            try {
                decryptGcm(encoded, iv, raw, plain);
            } finally {
                Arrays.fill(encoded, (byte) 0);
            }
            return;
        }
        // CBC streams with the JCA; a GCM key that cannot be exported (an HSM's) is left to the JCA as well
        Cipher cipher = Cipher.getInstance(content.transformation());
        cipher.init(Cipher.DECRYPT_MODE, key, parameters(content, iv));
        pump(cipher, raw, plain);
    }

    private static AlgorithmParameterSpec parameters(ContentEncryption content, byte[] iv) {
        return content.gcm() ? new GCMParameterSpec(TAG_BITS, iv) : new IvParameterSpec(iv);
    }

    private static void pump(Cipher cipher, InputStream in, OutputStream out)
            throws GeneralSecurityException, IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) != -1) {
            byte[] processed = cipher.update(buffer, 0, n);
            if (processed != null) {
                out.write(processed);
            }
        }
        out.write(cipher.doFinal());
    }

    private static void decryptGcm(byte[] key, byte[] iv, InputStream raw, OutputStream plain)
            throws GeneralSecurityException, IOException {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(key), TAG_BITS, iv));
        byte[] in = new byte[BUFFER];
        byte[] out = new byte[gcm.getUpdateOutputSize(BUFFER)];
        int n;
        while ((n = raw.read(in)) != -1) {
            int size = gcm.getUpdateOutputSize(n);
            if (size > out.length) {
                out = new byte[size];
            }
            plain.write(out, 0, gcm.processBytes(in, 0, n, out, 0));
        }
        byte[] last = new byte[gcm.getOutputSize(0)];
        try {
            plain.write(last, 0, gcm.doFinal(last, 0));
        } catch (InvalidCipherTextException e) {
            AEADBadTagException refused = new AEADBadTagException(e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }
}
