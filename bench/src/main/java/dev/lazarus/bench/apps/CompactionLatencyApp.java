package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;

/**
 * Figure 13 (c): figure 2's single-execution cost of a journaled call, measured over a window of time so that it
 * can overlap the agent's background compaction of the journal it starts on.
 *
 * <p>{@code CompactionLatencyApp SECONDS WARM_EXECUTIONS WARM_N MAX_CALLS}: runs WARM_EXECUTIONS executions of WARM_N
 * calls at once (as figure 2 warms up in {@code fsync} mode), then one execution that calls a field-held service
 * ({@link WindowProbe}) until SECONDS have passed, stamping up to MAX_CALLS calls; the gaps between consecutive calls
 * are the cost of one journaled call as the body sees it. Prints {@code call.*} percentiles, and
 * {@code window_start_ns} / {@code window_end_ns} ({@code System.nanoTime()}, the machine's one monotonic clock), so
 * that the benchmark can tell what the journal's directory did during the window.
 */
public class CompactionLatencyApp {
    private final WindowProbe probe = new WindowProbe();

    /** Warm-up: {@code n} calls. */
    @Durable
    public int fixed(@ExecutionKey String key, int n) {
        for (int i = 0; i < n; i++) {
            probe.call(i);
        }
        return n;
    }

    /** The measured execution: calls until the service says the window closed. */
    @Durable
    public int windowed(@ExecutionKey String key) {
        int i = 0;
        while (!probe.call(i).isEmpty()) {
            i++;
        }
        return i;
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        int warm = Integer.parseInt(args[1]);
        int warmN = Integer.parseInt(args[2]);
        int maxCalls = Integer.parseInt(args[3]);
        String nonce = Long.toString(System.nanoTime(), 36);
        CompactionLatencyApp app = new CompactionLatencyApp();
        Thread[] warmers = new Thread[warm];
        for (int w = 0; w < warm; w++) {
            String key = "warm-" + w + "-" + nonce;
            warmers[w] = new Thread(() -> app.fixed(key, warmN), "warm-" + w);
            warmers[w].start();
        }
        for (Thread t : warmers) {
            t.join();
        }
        long start = System.nanoTime();
        app.probe.open((long) (seconds * 1e9), maxCalls);
        app.windowed("measured-" + nonce);
        long end = System.nanoTime();
        long[] gaps = app.probe.gaps();
        Out.percentiles("call", gaps, gaps.length);
        Out.result("window_start_ns", start);
        Out.result("window_end_ns", end);
    }
}
