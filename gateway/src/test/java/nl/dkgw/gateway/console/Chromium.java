package nl.dkgw.gateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver for the console's browser tests: found at their Debian paths, or installed with
 * apt-get when missing and the tests run as root (as in CI). Selenium gets both paths explicitly, so Selenium Manager
 * never tries to download a browser or driver (the build machines have no network beyond the package registries).
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final List<String> PACKAGES = List.of("chromium", "chromium-driver");

    private Chromium() {
    }

    private static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /** Installs chromium and chromium-driver when missing and running as root; says why they are unusable otherwise. */
    static Optional<String> ensureInstalled() {
        if (installed()) {
            return Optional.empty();
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("chromium/chromedriver are not installed and the tests do not run as root; "
                    + "install Debian packages " + String.join(" ", PACKAGES) + " to run the console browser tests");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return Optional.of("chromium/chromedriver are not installed and apt-get is not available");
        }
        if (aptGetInstall() != 0) {
            run(List.of("apt-get", "update"));
            aptGetInstall();
        }
        return installed() ? Optional.empty()
                : Optional.of("apt-get install -y " + String.join(" ", PACKAGES) + " did not provide " + BROWSER
                        + " and " + DRIVER);
    }

    private static int aptGetInstall() {
        List<String> command = new java.util.ArrayList<>(List.of("apt-get", "install", "-y"));
        command.addAll(PACKAGES);
        return run(command);
    }

    /** A headless browser with a fresh profile in {@code profile}, kept off every network but loopback. */
    static ChromeDriver start(Path profile) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static int run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
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
