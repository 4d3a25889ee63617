package nl.dkgw.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.testkit.ChildJvm;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine where the native provider's library does not load (another OS or architecture, musl, a temporary
 * directory it cannot use) starts the node on the JDK's providers, unless {@code security.crypto-provider: native}
 * asks for it. Shown with {@code dkgw serve} in a JVM of its own whose ACCP is told not to load the library bundled in
 * its jar ({@code com.amazon.corretto.crypto.provider.useExternalLib}) and finds none on an empty library path: ACCP's
 * own "native library did not load" state, as on those machines.
 */
@Slow
class NativeLibraryUnavailableTest {

    @TempDir
    Path dir;

    private String serve(String mode) throws Exception {
        Path config = Files.writeString(dir.resolve(mode + ".yml"), "security:\n  crypto-provider: " + mode + "\n");
        Path noLibraries = Files.createDirectories(dir.resolve("no-libraries"));
        try (ChildJvm node = ChildJvm.builder(Main.class)
                .args("serve", "--config", config.toString())
                .jvmOptions(
                        "-Xmx128m",
                        "-Dcom.amazon.corretto.crypto.provider.useExternalLib=true",
                        "-Djava.library.path=" + noLibraries)
                .logFile(dir.resolve(mode + ".log"))
                .start()) {
            assertThat(node.waitFor(Duration.ofMinutes(2))).as(node.output()).isEqualTo(1);
            return node.output();
        }
    }

    @Test
    void autoStartsOnTheJdkProvidersAndSaysWhy() throws Exception {
        String output = serve("auto");

        assertThat(output)
                .contains("crypto.provider")
                .contains("provider=\"jdk\"")
                .contains("name=\"SunRsaSign\"")
                .contains("the native provider cannot be used: its native library did not load on Linux");
        // it went on, and stopped only at something else this deliberately bare configuration lacks (users, keys)
        assertThat(output.lines().filter(line -> line.startsWith("dkgw: ")))
                .singleElement()
                .asString()
                .doesNotContain("crypto");
    }

    @Test
    void nativeRefusesToStartAndSaysWhy() throws Exception {
        String output = serve("native");

        assertThat(output)
                .contains("dkgw: security.crypto-provider is native, but the native crypto provider (Amazon "
                        + "Corretto Crypto Provider) cannot be used here: its native library did not load on Linux")
                .contains("Set security.crypto-provider to auto")
                .doesNotContain("tls.server-key");
    }
}
