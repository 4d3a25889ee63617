package nl.dkgw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Java main class running in a separate JVM, on the same class path as the current JVM (the test class
 * path), with its standard output and standard error appended to one log file. Its standard input is closed.
 *
 * <pre>{@code
 * try (ChildJvm gateway = ChildJvm.builder(GatewayMain.class).args("--port", "8443").jvmOptions("-Xmx256m")
 *         .env("DKGW_DB_URL", db.jdbcUrl()).start()) {
 *     gateway.awaitOutput("started", Duration.ofSeconds(30));
 *     gateway.kill(); // SIGKILL: a crash, no shutdown hooks
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String mainClass;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String mainClass, Process process, Path logFile) {
        this.mainClass = mainClass;
        this.process = process;
        this.logFile = logFile;
    }

    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The file receiving the child's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** Everything the child has written to stdout and stderr so far. */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + logFile, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the child abruptly with SIGKILL (no shutdown hooks run) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT, "after SIGKILL");
    }

    /** Asks the child to terminate with SIGTERM (its shutdown hooks run) and waits up to 30 seconds. */
    public void stop() {
        stop(STOP_TIMEOUT);
    }

    /**
     * Asks the child to terminate with SIGTERM and waits up to {@code timeout}; if it is still running then,
     * it is killed and an {@link IllegalStateException} is thrown.
     */
    public void stop(Duration timeout) {
        process.destroy();
        if (!waitQuietly(timeout)) {
            process.destroyForcibly();
            awaitExit(STOP_TIMEOUT, "after SIGKILL");
            throw new IllegalStateException(
                    this + " did not exit within " + timeout + " of SIGTERM and was killed;" + " output:\n" + tail());
        }
    }

    /**
     * Sends the child SIGINT, as Ctrl-C in a terminal does (its shutdown hooks run), and waits up to {@code
     * timeout}; if it is still running then, it is killed and an {@link IllegalStateException} is thrown. Start it
     * {@link Builder#sigintAtDefault() with SIGINT at its default}: a child of a background process has SIGINT
     * ignored, and a JVM that inherits it ignored keeps ignoring it.
     */
    public void interrupt(Duration timeout) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -INT " + process.pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIGINT to " + this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIGINT to " + this, e);
        }
        if (!waitQuietly(timeout)) {
            process.destroyForcibly();
            awaitExit(STOP_TIMEOUT, "after SIGKILL");
            throw new IllegalStateException(
                    this + " did not exit within " + timeout + " of SIGINT and was killed; output:\n" + tail());
        }
    }

    /**
     * Waits for the child to exit and returns its exit code (128 + signal number when a signal ended it).
     *
     * @throws IllegalStateException if it is still running after {@code timeout}
     */
    public int waitFor(Duration timeout) {
        awaitExit(timeout, "");
        return process.exitValue();
    }

    /**
     * Waits until the child's output contains {@code substring}.
     *
     * @throws AssertionError if the child exits, or {@code timeout} passes, without having written it
     */
    public void awaitOutput(String substring, Duration timeout) {
        Objects.requireNonNull(substring, "substring");
        try {
            Awaitility.await(this + " to print \"" + substring + "\"")
                    .dontCatchUncaughtExceptions()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        boolean alive = process.isAlive();
                        // read after sampling liveness: once it has exited, the file holds everything it wrote
                        if (output().contains(substring)) {
                            return true;
                        }
                        if (!alive) {
                            throw new AssertionError(this + " exited with " + process.exitValue()
                                    + " without printing \"" + substring + "\"; output:\n" + tail());
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    this + " did not print \"" + substring + "\" within " + timeout + "; output:\n" + tail(), e);
        }
    }

    /** Kills the child (SIGKILL) if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + mainClass + ", pid " + process.pid() + ", log " + logFile + "]";
    }

    private void awaitExit(Duration timeout, String when) {
        if (!waitQuietly(timeout)) {
            throw new IllegalStateException(
                    this + " still running " + when + " after " + timeout + "; output:\n" + tail());
        }
    }

    private boolean waitQuietly(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this, e);
        }
    }

    private String tail() {
        String output;
        try {
            output = output();
        } catch (UncheckedIOException e) {
            return "(" + e.getMessage() + ")";
        }
        int max = 8_000;
        return output.length() <= max ? output : "..." + output.substring(output.length() - max);
    }

    /** What to start; {@link #start()} launches it. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workingDirectory;
        private Path logFile;
        private boolean sigintAtDefault;

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /** Program arguments, appended. */
        public Builder args(String... args) {
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        /** JVM options such as {@code -Xmx256m} or {@code -Dkey=value}, appended. */
        public Builder jvmOptions(String... options) {
            this.jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /** An environment variable added to (or replacing one in) the current JVM's environment. */
        public Builder env(String name, String value) {
            this.env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Environment variables added to (or replacing ones in) the current JVM's environment. */
        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** The child's working directory; default: the current one. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /**
         * Where stdout and stderr go (appended); default: a new file under target/child-jvm-logs when the
         * current directory has a target directory (a Maven module), else under java.io.tmpdir.
         */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /**
         * Starts the child with SIGINT at its default action (through GNU env's {@code --default-signal=INT}), as a
         * shell runs a command in the foreground, even when this JVM runs in the background with SIGINT ignored;
         * for {@link ChildJvm#interrupt}.
         */
        public Builder sigintAtDefault() {
            this.sigintAtDefault = true;
            return this;
        }

        public ChildJvm start() {
            try {
                Path log = logFile != null ? logFile : defaultLogFile();
                if (log.getParent() != null) {
                    Files.createDirectories(log.getParent());
                }
                List<String> command = new ArrayList<>();
                if (sigintAtDefault) {
                    // env execs java: the child's pid stays the JVM's
                    command.addAll(List.of("env", "--default-signal=INT"));
                }
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(mainClass);
                command.addAll(args);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().putAll(env);
                if (workingDirectory != null) {
                    builder.directory(workingDirectory.toFile());
                }
                Process process = builder.start();
                process.getOutputStream().close();
                return new ChildJvm(mainClass, process, log);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start a JVM for " + mainClass, e);
            }
        }

        private Path defaultLogFile() throws IOException {
            Path target = Path.of("target");
            Path dir = Files.isDirectory(target)
                    ? target.resolve("child-jvm-logs")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(dir);
            String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            return Files.createTempFile(dir, simpleName + "-", ".log").toAbsolutePath();
        }
    }
}
