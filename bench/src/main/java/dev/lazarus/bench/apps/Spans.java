package dev.lazarus.bench.apps;

/**
 * Time spans a durable body marks around part of itself without journaling them: a static call into code outside
 * the body is recomputed, so these calls run live, on record and on replay alike, and are not steps. Each span
 * records its wall time and how many write system calls the whole process made during it ({@code /proc/self/io
 * syscw}, read just before the span starts and just after it ends, so the reads stay outside the timed part): in
 * {@code fsync} mode the journal does one {@code write} per batch it syncs, so the writes of a span count the
 * syncs it waited for.
 *
 * <p>One span at a time (single-threaded use: the body's own thread marks it).
 */
public final class Spans {
    private static long[] nanos = new long[0];
    private static long[] writes = new long[0];
    private static int count;
    private static long startedAt;
    private static long writesAtStart;

    private Spans() {}

    /** Makes room for {@code n} spans and forgets earlier ones; until then, and after {@code n}, spans are not kept. */
    public static void reset(int n) {
        nanos = new long[n];
        writes = new long[n];
        count = 0;
    }

    /** Starts a span. */
    public static void begin() {
        writesAtStart = Out.writeSyscalls();
        startedAt = System.nanoTime();
    }

    /** Ends the span {@link #begin} started, and keeps it if there is room. */
    public static void end() {
        long elapsed = System.nanoTime() - startedAt;
        long w = Out.writeSyscalls() - writesAtStart;
        if (count < nanos.length) {
            nanos[count] = elapsed;
            writes[count] = w;
            count++;
        }
    }

    /** @return {@code System.nanoTime()} when the latest span began */
    public static long lastBegin() {
        return startedAt;
    }

    /** @return the kept spans' wall times in nanoseconds, in the order they ended */
    public static long[] nanos() {
        return java.util.Arrays.copyOf(nanos, count);
    }

    /** @return the write system calls of the process during each kept span, in the same order */
    public static long[] writes() {
        return java.util.Arrays.copyOf(writes, count);
    }
}
