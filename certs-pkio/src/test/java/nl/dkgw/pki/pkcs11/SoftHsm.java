package nl.dkgw.pki.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SoftHSM2 for tests: finds (or, as root with apt-get, installs) the library, and initialises a fresh token in the
 * directory named by the SOFTHSM2_CONF the build gives the test JVM.
 */
final class SoftHsm {

    static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));

    private SoftHsm() {
    }

    static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst();
    }

    /** Installs package softhsm2 when missing and running as root; returns why it is unavailable otherwise. */
    static Optional<String> ensureInstalled() {
        if (library().isPresent()) {
            return Optional.empty();
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("SoftHSM2 is not installed and the tests do not run as root; "
                    + "install Debian package softhsm2 to run the PKCS#11 tests");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return Optional.of("SoftHSM2 is not installed and apt-get is not available");
        }
        if (run(List.of("apt-get", "install", "-y", "softhsm2")) != 0) {
            run(List.of("apt-get", "update"));
            run(List.of("apt-get", "install", "-y", "softhsm2"));
        }
        return library().isPresent() ? Optional.empty()
                : Optional.of("apt-get install -y softhsm2 did not provide libsofthsm2.so");
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
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n");
        int code = run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", userPin,
                "--so-pin", soPin));
        if (code != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed with exit code " + code);
        }
    }

    private static int run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            env.put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroy();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
