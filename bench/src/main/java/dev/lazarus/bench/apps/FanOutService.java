package dev.lazarus.bench.apps;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outside service of figure 12's fan-outs, called through a field (so every call is journaled): like
 * {@link Probe} it does almost nothing and returns {@link Probe#VALUE}, and it keeps when the latest call started
 * ({@code System.nanoTime()} on entry, whichever thread made it). A fan-out's last call starts when the executor
 * has handed the last task to a thread: from then on, what the fan-out still waits for is the journal.
 */
public final class FanOutService {
    private final LongAdder calls = new LongAdder();
    private final AtomicLong lastStart = new AtomicLong(Long.MIN_VALUE);

    public String call(int i) {
        long now = System.nanoTime();
        lastStart.accumulateAndGet(now, Math::max);
        calls.increment();
        return Probe.VALUE;
    }

    /** @return {@code System.nanoTime()} at the start of the latest call so far */
    public long lastStart() {
        return lastStart.get();
    }

    /** @return how many calls really ran (a replayed call does not reach the service) */
    public long calls() {
        return calls.sum();
    }
}
