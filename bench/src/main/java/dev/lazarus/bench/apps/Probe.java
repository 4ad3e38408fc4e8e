package dev.lazarus.bench.apps;

import java.util.concurrent.atomic.LongAdder;

/**
 * The outside service the benchmarked durable methods call through a field (so every call is journaled).
 * It does almost nothing: counts the call, and, when asked to, stamps {@code System.nanoTime()} on entry
 * (it is not a durable class, so its own calls are plain). The gap between two consecutive entries is
 * the full cost of one journaled call as the body sees it: the engine, the codec, the journal append and
 * its wait, and the loop around the call.
 */
public final class Probe {
    /** 32 characters: with the step's metadata a journaled call writes a record of about 200 bytes. */
    public static final String VALUE = "0123456789abcdef0123456789abcdef";

    private final LongAdder calls = new LongAdder();
    private long[] stamps = new long[0];
    private int count;

    /** Starts stamping the next {@code capacity} calls (single-threaded use only). */
    public void stamp(int capacity) {
        stamps = new long[capacity];
        count = 0;
    }

    public String call(int i) {
        long[] s = stamps;
        int c = count;
        if (c < s.length) {
            s[c] = System.nanoTime();
            count = c + 1;
        }
        calls.increment();
        return VALUE;
    }

    /**
     * @return the nanoseconds between consecutive stamps taken since {@link #stamp}: the whole cost of one
     *     call as the calling loop sees it, one element fewer than stamps
     */
    public long[] gaps() {
        long[] s = stamps;
        int m = count;
        long[] gaps = new long[Math.max(0, m - 1)];
        for (int i = 1; i < m; i++) {
            gaps[i - 1] = s[i] - s[i - 1];
        }
        return gaps;
    }

    /** @return how many calls really ran (a replayed call does not reach the probe) */
    public long calls() {
        return calls.sum();
    }
}
