package nl.dkgw.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Debian packages a test needs (SoftHSM2, Chromium): installed with apt-get when missing and the tests run as root,
 * as they do in CI; otherwise the test learns why they are unavailable, in one line it can show when it skips.
 */
public final class DebianPackages {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private DebianPackages() {}

    /**
     * @param what     what the packages provide, for the reason ("chromium and chromedriver")
     * @param packages the Debian packages to install
     * @param present  whether what they provide is there
     * @return empty when present (after installing if need be), else why not
     */
    public static Optional<String> ensure(String what, List<String> packages, BooleanSupplier present) {
        if (present.getAsBoolean()) {
            return Optional.empty();
        }
        String names = String.join(" ", packages);
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of(
                    what + " is not installed and the tests do not run as root; install Debian package(s) " + names);
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return Optional.of(what + " is not installed and apt-get is not available");
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
        install.addAll(packages);
        if (Commands.exitCode(install, INSTALL_TIMEOUT) != 0) {
            Commands.exitCode(List.of("apt-get", "update"), INSTALL_TIMEOUT);
            Commands.exitCode(install, INSTALL_TIMEOUT);
        }
        return present.getAsBoolean()
                ? Optional.empty()
                : Optional.of("apt-get install -y " + names + " did not provide " + what);
    }
}
