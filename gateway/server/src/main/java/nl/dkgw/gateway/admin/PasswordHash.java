package nl.dkgw.gateway.admin;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes for admin users: Argon2id (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (base64 without padding), so the parameters travel with the hash
 * and can be raised later without invalidating existing hashes. The defaults follow the OWASP recommendation
 * (19 MiB memory, 2 passes, 1 lane).
 */
public final class PasswordHash {

    private static final String PREFIX = "$argon2id$";
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a password with a fresh random salt; returns the encoded string. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return new PasswordHash(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, hash).encoded();
    }

    /**
     * Reads an encoded hash.
     *
     * @throws IllegalArgumentException when it is not an Argon2id PHC string this class can verify
     */
    public static PasswordHash parse(String encoded) {
        if (encoded == null || !encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an Argon2id password hash (expected $argon2id$v=19$m=..,t=..,p=..$"
                    + "salt$hash, as printed by 'dkgw admin hash-password')");
        }
        String[] parts = encoded.substring(1).split("\\$");
        if (parts.length != 5 || !parts[1].equals("v=19")) {
            throw new IllegalArgumentException(
                    "malformed Argon2id password hash: expected 5 '$'-separated parts, v=19");
        }
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : parts[2].split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("malformed Argon2id parameters: " + parts[2]);
            }
            int value;
            try {
                value = Integer.parseInt(pair[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed Argon2id parameters: " + parts[2]);
            }
            switch (pair[0]) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> throw new IllegalArgumentException("unknown Argon2id parameter " + pair[0]);
            }
        }
        if (m < 8 || t < 1 || p < 1 || m > 4 * 1024 * 1024 || t > 100 || p > 64) {
            throw new IllegalArgumentException("Argon2id parameters out of range: " + parts[2]);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[3]);
            byte[] hash = Base64.getDecoder().decode(parts[4]);
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("Argon2id salt or hash too short");
            }
            return new PasswordHash(m, t, p, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed Argon2id password hash: " + e.getMessage());
        }
    }

    /** Whether the password matches; the comparison takes the same time wherever the bytes differ. */
    public boolean matches(char[] password) {
        byte[] candidate = argon2(password, salt, memoryKib, iterations, parallelism, hash.length);
        return MessageDigest.isEqual(candidate, hash);
    }

    String encoded() {
        return PREFIX + "v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    private static byte[] argon2(
            char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
