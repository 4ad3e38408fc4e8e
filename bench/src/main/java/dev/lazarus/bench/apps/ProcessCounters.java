package dev.lazarus.bench.apps;

/**
 * The whole process's CPU time, its user/system split, its threads' context switches and the wall clock at
 * one instant: two of them bracket a measured window, and {@link #reportPer} prints the costs per unit of
 * work done in between. Counters the platform cannot read are -1 and their results are left out.
 *
 * @param cpuNanos process CPU time (all threads)
 * @param userTicks user CPU in clock ticks ({@code /proc/self/stat})
 * @param systemTicks system CPU in clock ticks
 * @param contextSwitches voluntary + involuntary switches of all live threads
 * @param nanoTime {@link System#nanoTime()}
 */
public record ProcessCounters(long cpuNanos, long userTicks, long systemTicks, long contextSwitches, long nanoTime) {
    private static final double MICROS_PER_TICK = 1e6 / 100.0; // USER_HZ is 100 on Linux

    /** @return the counters now */
    public static ProcessCounters now() {
        long[] ticks = Out.userSystemTicks();
        return new ProcessCounters(Out.processCpuNanos(), ticks[0], ticks[1], Out.contextSwitches(), System.nanoTime());
    }

    /** @return the wall time from this snapshot to {@code end}, in seconds */
    public double secondsTo(ProcessCounters end) {
        return (end.nanoTime - nanoTime) / 1e9;
    }

    /**
     * Prints {@code cpu_us_per_UNIT}, {@code user_us_per_UNIT}, {@code sys_us_per_UNIT} and
     * {@code ctx_switches_per_UNIT} from this snapshot to {@code end}.
     *
     * @param units how many units of work the window did; nothing is printed for none
     */
    public void reportPer(String unit, ProcessCounters end, long units) {
        if (units <= 0) {
            return;
        }
        if (cpuNanos >= 0 && end.cpuNanos >= 0) {
            Out.result("cpu_us_per_" + unit, Out.fmt((end.cpuNanos - cpuNanos) / 1000.0 / units));
        }
        if (userTicks >= 0 && end.userTicks >= 0) {
            Out.result("user_us_per_" + unit, Out.fmt((end.userTicks - userTicks) * MICROS_PER_TICK / units));
            Out.result("sys_us_per_" + unit, Out.fmt((end.systemTicks - systemTicks) * MICROS_PER_TICK / units));
        }
        if (contextSwitches >= 0 && end.contextSwitches >= 0) {
            Out.result("ctx_switches_per_" + unit, Out.fmt((double) (end.contextSwitches - contextSwitches) / units));
        }
    }
}
