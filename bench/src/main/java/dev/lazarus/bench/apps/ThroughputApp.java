package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure 3: C executions at once, one thread each, every execution making M journaled calls; each thread
 * starts its next execution when one ends. After a warm-up, counts the journaled calls, executions, write
 * system calls ({@code /proc/self/io syscw}) and process CPU time over the measured window.
 *
 * <p>In {@code fsync} mode the journal (whichever thread holds its flush token) does exactly one {@code write} and one {@code fsync} per
 * batch, and nothing else in this process writes during the window, so the write system calls count the
 * syncs, and records per sync = (calls + 2 x executions) / writes.
 *
 * <p>{@code ThroughputApp C M WARM_MS MEASURE_MS}
 */
public class ThroughputApp {
    private final Probe probe = new Probe();

    @Durable
    public int job(@ExecutionKey String key, int m) {
        for (int i = 0; i < m; i++) {
            probe.call(i);
        }
        return m;
    }

    private static volatile boolean stop;

    /** Bytes allocated so far by the execution threads (HotSpot's per-thread counters), or -1. */
    static long allocated(long[] ids) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean)) {
            return -1;
        }
        long sum = 0;
        for (long a : ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    public static void main(String[] args) throws Exception {
        int c = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        long warmMs = Long.parseLong(args[2]);
        long measureMs = Long.parseLong(args[3]);
        String nonce = Long.toString(System.nanoTime(), 36);
        ThroughputApp app = new ThroughputApp();
        LongAdder executions = new LongAdder();
        Thread[] threads = new Thread[c];
        for (int t = 0; t < c; t++) {
            String prefix = "t" + t + "-" + nonce + "-";
            threads[t] = new Thread(
                    () -> {
                        int seq = 0;
                        while (!stop) {
                            app.job(prefix + seq++, m);
                            executions.increment();
                        }
                    },
                    "bench-" + t);
            threads[t].setDaemon(true);
        }
        for (Thread t : threads) {
            t.start();
        }
        Thread.sleep(warmMs);
        long[] ids = new long[c];
        for (int t = 0; t < c; t++) {
            ids[t] = threads[t].getId();
        }
        long alloc0 = allocated(ids);
        long calls0 = app.probe.calls();
        long execs0 = executions.sum();
        long writes0 = Out.writeSyscalls();
        ProcessCounters p0 = ProcessCounters.now();
        Thread.sleep(measureMs);
        long calls1 = app.probe.calls();
        long execs1 = executions.sum();
        long writes1 = Out.writeSyscalls();
        ProcessCounters p1 = ProcessCounters.now();
        long alloc1 = allocated(ids);
        stop = true;
        for (Thread t : threads) {
            t.join(60_000);
        }
        double seconds = p0.secondsTo(p1);
        long calls = calls1 - calls0;
        long execs = execs1 - execs0;
        long writes = writes1 - writes0;
        Out.result("threads", c);
        Out.result("seconds", Out.fmt(seconds));
        Out.result("calls", calls);
        Out.result("executions", execs);
        Out.result("calls_per_s", Out.fmt(calls / seconds));
        Out.result("write_syscalls", writes);
        if (writes > 0) {
            Out.result("records_per_sync", Out.fmt((calls + 2.0 * execs) / writes));
            Out.result("syncs_per_s", Out.fmt(writes / seconds));
        }
        if (alloc0 >= 0 && calls > 0) {
            Out.result("alloc_bytes_per_call", Out.fmt((double) (alloc1 - alloc0) / calls));
        }
        p0.reportPer("call", p1, calls);
    }
}
