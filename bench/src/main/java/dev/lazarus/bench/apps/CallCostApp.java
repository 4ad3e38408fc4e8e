package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;

/**
 * Figure 2 (and its no-agent baseline): one execution at a time making {@code n} journaled calls on a
 * field-held service; the per-call cost is the gap between consecutive calls as the service sees them.
 *
 * <p>{@code CallCostApp N WARM_EXECUTIONS WARM_N}: runs WARM_EXECUTIONS executions of WARM_N calls at once (one
 * thread each: in {@code fsync} mode they share syncs, so the JIT warms up in a fraction of the time), then one of
 * N calls with stamps, and prints {@code call.*} percentiles and {@code total.per_call_us} (the execution's
 * wall time, start and finish records included, divided by N).
 *
 * <p>With {@code FLOOR_DIR FLOOR_OPS sync|write} after those, it also measures the disk's floor in FLOOR_DIR
 * right before and right after the measured execution ({@code floor.*}, both halves together).
 */
public class CallCostApp {
    private final Probe probe = new Probe();

    @Durable
    public int run(@ExecutionKey String key, int n) {
        for (int i = 0; i < n; i++) {
            probe.call(i);
        }
        return n;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int warm = Integer.parseInt(args[1]);
        int warmN = Integer.parseInt(args[2]);
        String nonce = Long.toString(System.nanoTime(), 36);
        CallCostApp app = new CallCostApp();
        Thread[] warmers = new Thread[warm];
        for (int w = 0; w < warm; w++) {
            String key = "warm-" + w + "-" + nonce;
            warmers[w] = new Thread(() -> app.run(key, warmN), "warm-" + w);
            warmers[w].start();
        }
        for (Thread t : warmers) {
            t.join();
        }
        java.nio.file.Path floorDir = args.length > 3 ? java.nio.file.Path.of(args[3]) : null;
        int floorOps = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        boolean floorSync = args.length > 5 && args[5].equals("sync");
        long[] before = floorDir == null ? new long[0] : Floor.measure(floorDir, floorSync, floorOps);
        app.probe.stamp(n);
        long t0 = System.nanoTime();
        app.run("measured-" + nonce, n);
        long elapsed = System.nanoTime() - t0;
        if (floorDir != null) {
            Floor.report(before, Floor.measure(floorDir, floorSync, floorOps));
        }
        long[] gaps = app.probe.gaps();
        Out.percentiles("call", gaps, gaps.length);
        Out.result("total.per_call_us", Out.fmt(elapsed / 1000.0 / n));
        Out.result("live_calls", app.probe.calls());
    }
}
