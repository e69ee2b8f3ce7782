package org.mbo4j.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine is before a measurement: the share of all CPUs' time spent outside idle and iowait over a
 * short window ({@code /proc/stat}'s first line, Linux), and the 1-minute load average ({@code /proc/loadavg}). A
 * ratio against PyTorch measured on a busy machine can differ from the idle one by a factor of 2 or more (PyTorch's
 * thread pool suffers more from sharing the cores than ours; README, "Idle re-measurement"), so {@code perf} reports
 * both and warns. NaN where the files are not there.
 */
public record MachineLoad(double busyFraction, double loadAverage) {
    /** Busy share above which {@code perf} warns. */
    public static final double BUSY_WARNING = 0.25;

    /** Samples /proc/stat twice, {@code windowMillis} apart, and reads the load average. */
    public static MachineLoad sample(long windowMillis) {
        long[] a = cpuTimes(read("/proc/stat"));
        try {
            Thread.sleep(windowMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] b = cpuTimes(read("/proc/stat"));
        return new MachineLoad(busy(a, b), loadAverage(read("/proc/loadavg")));
    }

    /** The 1-minute load average of a /proc/loadavg line ("0.52 0.58 0.59 1/467 12345"), NaN if unreadable. */
    static double loadAverage(String loadavg) {
        if (loadavg == null || loadavg.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {busy, total} jiffies of /proc/stat's aggregate "cpu" line (idle and iowait count as not busy); null if absent. */
    static long[] cpuTimes(String stat) {
        if (stat == null) return null;
        for (String line : stat.split("\n")) {
            if (!line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            long total = 0, idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) idle += v;
            }
            return new long[] {total - idle, total};
        }
        return null;
    }

    /** The busy share between two {@link #cpuTimes} samples, NaN when either is missing or no time passed. */
    static double busy(long[] a, long[] b) {
        if (a == null || b == null || b[1] <= a[1]) return Double.NaN;
        return (double) (b[0] - a[0]) / (b[1] - a[1]);
    }

    /** Whether another workload is likely to distort the ratios. */
    public boolean busy() {
        return busyFraction > BUSY_WARNING;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
