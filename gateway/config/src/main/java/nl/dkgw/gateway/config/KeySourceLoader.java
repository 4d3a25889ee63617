package nl.dkgw.gateway.config;

import java.nio.file.Path;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.KeyMaterialException;
import nl.dkgw.pki.pkcs11.Pkcs11Token;

/**
 * Loads the key and certificate chain a {@link GatewayConfig.KeySource} names (PKCS#12, PEM or a PKCS#11 token), and
 * the intermediate CA certificates of {@code tls.intermediates}.
 */
public final class KeySourceLoader {

    private final Path baseDir;

    public KeySourceLoader(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** The intermediate CA certificates in a PEM bundle or directory; none when the key is not set. */
    public IntermediateCertificates intermediates(String fileOrDirectory, String key) {
        if (fileOrDirectory == null || fileOrDirectory.isBlank()) {
            return IntermediateCertificates.none();
        }
        try {
            return IntermediateCertificates.load(baseDir.resolve(fileOrDirectory));
        } catch (KeyMaterialException e) {
            throw new IllegalArgumentException("configuration key " + key + ": " + e.getMessage(), e);
        }
    }

    public KeyMaterial load(GatewayConfig.KeySource source, String key) {
        if (source == null || source.file() == null || source.file().isBlank()) {
            throw new IllegalArgumentException("configuration key " + key + ".file is required");
        }
        char[] password =
                source.password() == null ? new char[0] : source.password().toCharArray();
        Path file = baseDir.resolve(source.file());
        switch (source.type()) {
            case "PKCS12":
                return source.alias() == null
                        ? KeyMaterial.fromPkcs12(file, password)
                        : KeyMaterial.fromPkcs12(file, password, source.alias());
            case "PEM":
                if (source.chain() == null) {
                    throw new IllegalArgumentException("configuration key " + key + ".chain (the certificate chain PEM)"
                            + " is required with type PEM");
                }
                return KeyMaterial.fromPem(file, baseDir.resolve(source.chain()));
            case "PKCS11":
                if (source.alias() == null) {
                    throw new IllegalArgumentException("configuration key " + key + ".alias (the key's label on the "
                            + "token) is required with type PKCS11");
                }
                return Pkcs11Token.open(file, password).keyMaterial(source.alias());
            default:
                throw new IllegalArgumentException(
                        "configuration key " + key + ".type must be PKCS12, PEM or PKCS11, not " + source.type());
        }
    }
}
