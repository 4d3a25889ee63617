package nl.dkgw.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and peak heap of one node's JVM over a measurement: CPU from {@code /proc/<pid>/stat} (user + system
 * ticks), peak heap from the JVM's GC log ({@code -Xlog:gc:file=...}): the largest heap occupancy before a
 * collection, which is where the heap peaks.
 */
final class NodeStats {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final long TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

    private final long pid;
    private final Path gcLog;
    private long cpuTicksAtStart;
    private long gcLogOffset;
    private long startNanos;

    NodeStats(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    static NodeStats self(Path gcLog) {
        return new NodeStats(ProcessHandle.current().pid(), gcLog);
    }

    void start() {
        cpuTicksAtStart = cpuTicks();
        gcLogOffset = size(gcLog);
        startNanos = System.nanoTime();
    }

    /** What the node used since {@link #start()}. */
    Usage stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuSeconds = (cpuTicks() - cpuTicksAtStart) / (double) TICKS_PER_SECOND;
        long peakMb = 0;
        long committedMb = 0;
        int collections = 0;
        try {
            byte[] all = Files.exists(gcLog) ? Files.readAllBytes(gcLog) : new byte[0];
            String text = new String(all, (int) Math.min(gcLogOffset, all.length), (int)
                    (all.length - Math.min(gcLogOffset, all.length)));
            Matcher m = GC_LINE.matcher(text);
            while (m.find()) {
                collections++;
                peakMb = Math.max(peakMb, Long.parseLong(m.group(1)));
                committedMb = Math.max(committedMb, Long.parseLong(m.group(3)));
            }
        } catch (IOException e) {
            // no GC log: no heap figure
        }
        if (pid == ProcessHandle.current().pid()) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            peakMb = Math.max(peakMb, used);
        }
        return new Usage(cpuSeconds, seconds, peakMb, committedMb, collections);
    }

    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is f[0]; utime is field 14 of the whole line, i.e. f[11]; stime f[12]
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU seconds used over wall seconds (1.0 = one core busy), and the heap peak in MiB. */
    record Usage(double cpuSeconds, double wallSeconds, long peakHeapMb, long committedHeapMb, int collections) {
        double cores() {
            return wallSeconds == 0 ? 0 : cpuSeconds / wallSeconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "CPU %.0f%% of a core (%.1f s), peak heap %d MiB (%d GCs)",
                    cores() * 100, cpuSeconds, peakHeapMb, collections);
        }
    }
}
