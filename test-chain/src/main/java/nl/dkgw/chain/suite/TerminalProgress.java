package nl.dkgw.chain.suite;

import java.io.PrintStream;
import nl.dkgw.chain.report.TestCaseResult;

/**
 * The suite's progress on the terminal: a bar redrawn in place when standard output is a terminal, one plain line
 * per finished test otherwise (CI logs, pipes).
 */
public final class TerminalProgress implements SuiteProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;

    public TerminalProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Bar when {@code System.console()} is there (stdout is a terminal), plain lines otherwise. */
    public static TerminalProgress forStdout() {
        return new TerminalProgress(System.out, System.console() != null);
    }

    @Override
    public void started(int index, int total, String name) {
        if (terminal) {
            bar(index - 1, total, name);
        }
    }

    @Override
    public void finished(int index, int total, TestCaseResult result) {
        if (terminal) {
            out.print("\r\033[2K");
        }
        out.printf("[%d/%d] %-7s %s: %s%n", index, total, result.status(), result.name(), result.detail());
        if (terminal && index < total) {
            bar(index, total, "");
        }
        out.flush();
    }

    private void bar(int done, int total, String running) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        out.print("\r\033[2K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total
                + (running.isEmpty() ? "" : " " + running + " ..."));
        out.flush();
    }
}
