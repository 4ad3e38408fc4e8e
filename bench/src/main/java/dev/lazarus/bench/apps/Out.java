package dev.lazarus.bench.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the child JVMs share: result lines ({@code @@ key value}, parsed by the orchestrator), percentiles,
 * and the process's counters from {@code /proc/self/io}. Plain JDK only: these classes run next to the
 * agent, whose own copies of the store and Kryo must not meet ours on the class path.
 */
public final class Out {
    private Out() {}

    /** Prints one result line. */
    public static void result(String key, Object value) {
        System.out.println("@@ " + key + " " + value);
    }

    /** Prints p50, p90, p99, p99.9, max and mean of {@code nanos} (sorted in place) in microseconds. */
    public static void percentiles(String prefix, long[] nanos, int count) {
        long[] v = Arrays.copyOf(nanos, count);
        Arrays.sort(v);
        double sum = 0;
        for (long x : v) {
            sum += x;
        }
        result(prefix + ".count", count);
        result(prefix + ".p50_us", us(pct(v, 50)));
        result(prefix + ".p90_us", us(pct(v, 90)));
        result(prefix + ".p99_us", us(pct(v, 99)));
        result(prefix + ".p999_us", us(pct(v, 99.9)));
        result(prefix + ".max_us", us(v[v.length - 1]));
        result(prefix + ".mean_us", fmt(sum / count / 1000.0));
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String us(long nanos) {
        return fmt(nanos / 1000.0);
    }

    /** Four significant decimals are plenty. */
    public static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4f", d);
    }

    /** @return the {@code syscw} counter (write system calls of the whole process), or -1 if unreadable */
    public static long writeSyscalls() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/io"))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * @return {user, system} CPU time of the whole process in clock ticks ({@code /proc/self/stat} fields 14
     *     and 15), or {-1, -1}
     */
    public static long[] userSystemTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ", field 3 (state) is f[0], so field 14 (utime) is f[11] and 15 (stime) f[12]
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** @return context switches (voluntary + involuntary) of all live threads of this process, or -1 */
    public static long contextSwitches() {
        long sum = 0;
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /** @return the CPU time of the whole process in nanoseconds, or -1 */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    /** @return when this JVM started, in epoch milliseconds */
    public static long jvmStartMillis() {
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Ends the process at once, as a crash would (no shutdown hooks, no journal close). */
    public static void halt() {
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
