package dev.lazarus.bench.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@link FanOutApp}'s fan-out outside any durable body: the same {@code n} calls of a {@link FanOutService} submitted to
 * the same executor and joined, nothing journaled. Its wall time is what the executor's hand-offs and the threads'
 * wake-ups cost on this machine, the part of a journaled fan-out that is not the agent's.
 */
final class PlainFanOut {
    private final FanOutService service = new FanOutService();
    private final ExecutorService pool;
    private final int n;

    PlainFanOut(ExecutorService pool, int n) {
        this.pool = pool;
        this.n = n;
    }

    /**
     * Runs the fan-out once.
     *
     * @param spread where to put the time from the fan-out's start to its last call's start, in nanoseconds
     * @param at the index of {@code spread} to put it at
     * @return the fan-out's wall time in nanoseconds
     */
    long run(long[] spread, int at) throws InterruptedException, ExecutionException {
        long t0 = System.nanoTime();
        List<Future<String>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            calls.add(pool.submit(() -> service.call(index)));
        }
        int chars = 0;
        for (Future<String> call : calls) {
            chars += call.get().length();
        }
        long elapsed = System.nanoTime() - t0;
        if (at < spread.length) {
            spread[at] = service.lastStart() - t0;
        }
        if (chars != n * Probe.VALUE.length()) {
            throw new IllegalStateException("plain fan-out returned " + chars);
        }
        return elapsed;
    }
}
