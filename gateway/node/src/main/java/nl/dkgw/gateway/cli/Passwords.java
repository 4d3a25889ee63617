package nl.dkgw.gateway.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Where the CLI gets a password: an environment variable, the console (not echoed), or one line of stdin. */
public final class Passwords {

    private Passwords() {}

    public static char[] read(String envName, String prompt) {
        String env = envName == null ? null : System.getenv(envName);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        return fromConsoleOrStdin(prompt);
    }

    static char[] fromConsoleOrStdin(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("%s", prompt);
            if (pw == null) {
                throw new IllegalArgumentException("no password given");
            }
            return pw;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage());
        }
    }
}
