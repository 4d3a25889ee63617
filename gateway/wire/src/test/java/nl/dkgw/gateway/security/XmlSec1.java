package nl.dkgw.gateway.security;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the xmlsec1 command-line tool (the Debian package {@code xmlsec1}, libxmlsec1 with OpenSSL), an XML-DSig and
 * XML-Enc implementation this project did not write. When it is missing and the test runs as root, it is installed
 * with apt-get; otherwise the calling test is skipped with the reason.
 */
final class XmlSec1 {

    /** The outcome of one run: exit code and everything it printed. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static Boolean available;
    private static String unavailableReason;

    private XmlSec1() {}

    /** Makes sure xmlsec1 can run, installing it when possible; aborts (skips) the test otherwise. */
    static synchronized void require() {
        if (available == null) {
            available = probe();
            if (!available) {
                available = install() && probe();
            }
        }
        if (!available) {
            abort("xmlsec1 is not installed and cannot be installed here: " + unavailableReason
                    + " (install the Debian package xmlsec1 to run this interoperability test)");
        }
    }

    static Result run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("xmlsec1");
        command.addAll(arguments);
        return exec(command);
    }

    private static boolean probe() {
        Result version = exec(List.of("xmlsec1", "--version"));
        if (!version.succeeded()) {
            unavailableReason =
                    "'xmlsec1 --version' failed: " + version.output().strip();
        }
        return version.succeeded();
    }

    private static boolean install() {
        Result id = exec(List.of("id", "-u"));
        if (!id.succeeded() || !id.output().strip().equals("0")) {
            unavailableReason = unavailableReason + "; not running as root, so apt-get cannot install it";
            return false;
        }
        Result install = exec(List.of("apt-get", "install", "-y", "xmlsec1"));
        if (!install.succeeded()) {
            exec(List.of("apt-get", "update"));
            install = exec(List.of("apt-get", "install", "-y", "xmlsec1"));
        }
        if (!install.succeeded()) {
            String out = install.output().strip();
            unavailableReason = unavailableReason + "; 'apt-get install -y xmlsec1' failed: "
                    + out.substring(Math.max(0, out.length() - 400));
        }
        return install.succeeded();
    }

    private static Result exec(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + " cannot be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
