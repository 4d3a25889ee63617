package nl.dkgw.pki.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A SunPKCS11 provider configuration: a name, the vendor's PKCS#11 library and which slot to use. Operators who
 * already have a SunPKCS11 configuration file can pass that file to {@link Pkcs11Token#open} directly.
 *
 * @param name provider name suffix (SunPKCS11-name)
 * @param library path of the PKCS#11 module (.so / .dll)
 * @param slotListIndex index in the token's slot list (0 for the first); ignored when tokenLabelSlot is used
 */
public record SunPkcs11Config(String name, Path library, int slotListIndex) {

    public SunPkcs11Config {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(library, "library");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("PKCS#11 provider name '" + name + "' may use letters, digits, _ and -");
        }
    }

    /** The text of the configuration file. */
    public String text() {
        return "name = " + name + "\n"
                + "library = " + library.toAbsolutePath() + "\n"
                + "slotListIndex = " + slotListIndex + "\n"
                + "attributes(*, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "  CKA_TOKEN = true\n"
                + "}\n";
    }

    /** Writes the configuration to a file and returns it. */
    public Path writeTo(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write PKCS#11 configuration " + file + ": " + e.getMessage(), e);
        }
    }
}
