package nl.dkgw.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/<pid>/stat}: user plus system time, in clock ticks. */
final class ProcStat {

    private ProcStat() {}

    /**
     * utime + stime of one {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may itself
     * hold spaces and parentheses, so the fields are counted from the last ')': state is field 3, utime 14, stime 15.
     */
    static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] f = statLine.substring(close + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The process's CPU time so far in milliseconds, given the kernel's clock ticks per second. */
    static double cpuMillis(long pid, long ticksPerSecond) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * 1000.0 / ticksPerSecond;
    }
}
