package dev.lazarus.bench.apps;

/**
 * Time stamps a durable body takes without journaling them: a static call into code outside the body is
 * recomputed, so the body's calls here run live and are not steps (the body itself may not read the clock
 * unjournaled). The gaps between consecutive stamps are the cost of
 * what the body did between them.
 */
public final class Stamps {
    private static long[] stamps = new long[0];
    private static int count;

    private Stamps() {}

    /** Makes room for {@code n} stamps and forgets earlier ones. */
    public static void reset(int n) {
        stamps = new long[n];
        count = 0;
    }

    /** Takes a stamp, if there is room. */
    public static void stamp() {
        if (count < stamps.length) {
            stamps[count++] = System.nanoTime();
        }
    }

    /** @return the gaps between consecutive stamps, in nanoseconds */
    public static long[] gaps() {
        long[] gaps = new long[Math.max(0, count - 1)];
        for (int i = 1; i < count; i++) {
            gaps[i - 1] = stamps[i] - stamps[i - 1];
        }
        return gaps;
    }
}
