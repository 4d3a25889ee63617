package nl.dkgw.pki.support;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Writes certificates to a PEM file, for tests that hand files to the code under test. */
public final class PemFiles {
    private PemFiles() {}

    public static Path write(Path file, X509Certificate... certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate c : certificates) {
                writer.writeObject(c);
            }
        }
        return Files.writeString(file, text.toString());
    }
}
