package org.backsync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the benchmark reads besides wall time: this process's peak RSS and heap, and the CPU the Dovecot master has
 * collected for its children (the imap processes), read the same way as the harness's {@code server_cpu()}.
 */
final class Gauges {
    private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

    private Gauges() {}

    /** Peak resident set size of this JVM so far (VmHWM), in KB; 0 where /proc is not there. */
    static long peakRssKb() {
        return procStatusKb("VmHWM:");
    }

    /** Current resident set size (VmRSS), in KB. */
    static long rssKb() {
        return procStatusKb("VmRSS:");
    }

    /** Sum of the heap pools' peak usage since the last {@link #resetHeapPeak()}, in bytes. */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static void resetHeapPeak() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** User+system CPU seconds this JVM has used so far (every thread, GC and JIT included). */
    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * User+system seconds of the Dovecot master, its reaped children and its live children (the imap processes of
     * connections still open), from {@code /proc}; empty when the pid file is not given or unreadable.
     */
    static Optional<Double> serverCpuSeconds(Optional<Path> pidFile) {
        if (pidFile.isEmpty()) {
            return Optional.empty();
        }
        try {
            String pid = Files.readString(pidFile.get()).trim();
            String[] master = statFields(Path.of("/proc", pid, "stat"));
            // after ')': state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14
            long ticks = Long.parseLong(master[11])
                    + Long.parseLong(master[12])
                    + Long.parseLong(master[13])
                    + Long.parseLong(master[14]);
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        String[] f = statFields(proc.resolve("stat"));
                        if (f[1].equals(pid)) {
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException e) {
                        // the process ended while we looked: its time is in the master's cutime now
                    }
                }
            }
            return Optional.of(ticks / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String[] statFields(Path stat) throws IOException {
        String s = Files.readString(stat);
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    private static long procStatusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
