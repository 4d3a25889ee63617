package nl.dkgw.gateway.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import nl.dkgw.gateway.ebms.CountingInputStream;

/**
 * The progress of an upload, on standard error: a bar redrawn in place on a terminal, otherwise a plain line at every
 * tenth (so that a log or a CI run shows it without control characters).
 */
final class UploadProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private long done;
    private int shown = -1;

    UploadProgress(PrintStream out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** Progress on {@code System.err}, drawn as a bar when the command runs on a terminal. */
    static UploadProgress onStandardError(long total) {
        return new UploadProgress(System.err, System.console() != null, total);
    }

    /** No progress shown: for an upload too small to be worth watching. */
    static UploadProgress silent() {
        return new UploadProgress(new PrintStream(OutputStream.nullOutputStream()), false, 0);
    }

    /** {@code in}, reporting every byte read through it. */
    InputStream counting(InputStream in) {
        return new CountingInputStream(in) {
            private long reported;

            @Override
            protected void counted(long count) {
                advance(count - reported);
                reported = count;
            }
        };
    }

    synchronized void advance(long bytes) {
        done += bytes;
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (terminal) {
            if (percent != shown) {
                shown = percent;
                int filled = percent * WIDTH / 100;
                out.print(String.format(
                        Locale.ROOT,
                        "\r[%s%s] %3d%% %s / %s",
                        "#".repeat(filled),
                        "-".repeat(WIDTH - filled),
                        percent,
                        mib(done),
                        mib(total)));
                out.flush();
            }
        } else if (percent / 10 > shown / 10 || shown < 0) {
            shown = percent - percent % 10;
            out.println(
                    String.format(Locale.ROOT, "uploaded %d%% (%d of %d bytes)", shown, Math.min(done, total), total));
        }
    }

    /** Ends the bar's line on a terminal. */
    synchronized void finish() {
        if (terminal && shown >= 0) {
            out.println();
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
