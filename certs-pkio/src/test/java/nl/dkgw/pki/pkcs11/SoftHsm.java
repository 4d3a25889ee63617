package nl.dkgw.pki.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import nl.dkgw.testkit.Commands;
import nl.dkgw.testkit.DebianPackages;

/**
 * SoftHSM2 for tests: finds (or, as root with apt-get, installs) the library, and initialises a fresh token in the
 * directory named by the SOFTHSM2_CONF the build gives the test JVM.
 */
final class SoftHsm {

    static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));

    private SoftHsm() {}

    static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst();
    }

    /** Installs package softhsm2 when missing and running as root; returns why it is unavailable otherwise. */
    static Optional<String> ensureInstalled() {
        return DebianPackages.ensure(
                "SoftHSM2 (libsofthsm2.so)",
                List.of("softhsm2"),
                () -> library().isPresent());
    }

    /** Writes the SoftHSM configuration and creates an empty token with the given label and PINs. */
    static void initToken(String label, String userPin, String soPin) throws IOException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set for the test JVM (see certs-pkio/pom.xml)");
        }
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> walk = Files.walk(tokens)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(
                confFile,
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                        + "log.level = ERROR\nslots.removable = false\n");
        int code = Commands.exitCode(
                List.of(
                        "softhsm2-util",
                        "--init-token",
                        "--free",
                        "--label",
                        label,
                        "--pin",
                        userPin,
                        "--so-pin",
                        soPin),
                Duration.ofMinutes(1));
        if (code != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed with exit code " + code);
        }
    }
}
