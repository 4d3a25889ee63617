package nl.dkgw.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time of a process from {@code /proc/<pid>/stat}: user plus system time, in clock ticks. */
final class ProcStat {

    private ProcStat() {}

    /**
     * utime + stime of one {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may itself
     * hold spaces and parentheses, so the fields are counted from the last ')': state is field 3, utime 14, stime 15.
     */
    static long cpuTicks(String statLine) {
        String[] f = fieldsAfterName(statLine);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The parent's pid (field 4) of one {@code /proc/<pid>/stat} line. */
    static long parentPid(String statLine) {
        return Long.parseLong(fieldsAfterName(statLine)[1]);
    }

    /** cutime + cstime (fields 16 and 17): the CPU time of the process's children that ended and were waited for. */
    static long endedChildrenTicks(String statLine) {
        String[] f = fieldsAfterName(statLine);
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** The fields from state (field 3) on, counted from the last ')' since the command name may hold any. */
    private static String[] fieldsAfterName(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        return statLine.substring(close + 2).trim().split(" +");
    }

    /**
     * The CPU time so far, in milliseconds, of a server process and its children: its own, that of its children
     * that ended, and that of its children still running (a PostgreSQL postmaster and its backends). A child that
     * ends between two readings moves from the third sum to the second, so the difference of two readings counts it.
     */
    static double serverCpuMillis(long pid, long ticksPerSecond) throws IOException {
        String own = Files.readString(Path.of("/proc/" + pid + "/stat"));
        long ticks = cpuTicks(own) + endedChildrenTicks(own);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) processes::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String line;
                try {
                    line = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue; // ended since the listing
                }
                if (parentPid(line) == pid) {
                    ticks += cpuTicks(line);
                }
            }
        }
        return ticks * 1000.0 / ticksPerSecond;
    }

    /**
     * The whole machine's CPU time so far from the first line of {@code /proc/stat} ({@code cpu user nice system idle
     * iowait irq softirq steal ...}, summed over all CPUs, in clock ticks): busy (user, nice, system, irq, softirq),
     * idle (idle and iowait) and steal (time the hypervisor gave another guest while this one wanted to run).
     */
    record Machine(long busy, long idle, long steal) {
        static Machine of(String procStatFirstLine) {
            String[] f = procStatFirstLine.trim().split(" +");
            if (f.length < 9 || !f[0].equals("cpu")) {
                throw new IllegalArgumentException("not the first line of /proc/stat: " + procStatFirstLine);
            }
            long busy = Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return new Machine(busy, Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]));
        }

        static Machine now() throws IOException {
            try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
                return of(lines.findFirst().orElseThrow());
            }
        }

        Machine since(Machine earlier) {
            return new Machine(busy - earlier.busy, idle - earlier.idle, steal - earlier.steal);
        }

        long total() {
            return busy + idle + steal;
        }
    }

    /** The process's CPU time so far in milliseconds, given the kernel's clock ticks per second. */
    static double cpuMillis(long pid, long ticksPerSecond) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * 1000.0 / ticksPerSecond;
    }
}
