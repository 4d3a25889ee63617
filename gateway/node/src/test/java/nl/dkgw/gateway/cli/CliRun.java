package nl.dkgw.gateway.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One {@code dkgw} command run in this JVM, as a user types it: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code dkgw args...} with stdout and stderr captured (one at a time: they are the JVM's streams). */
    public static CliRun of(String... args) {
        return of(List.of(), args);
    }

    /** As {@link #of(String...)}, with add-ons for {@code serve}, as the runnable jar runs it. */
    public static synchronized CliRun of(List<NodeAddOn> addOns, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(addOns, args);
            return new CliRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
