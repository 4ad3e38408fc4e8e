package dev.lazarus.it.apps.reliability;

import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Ledger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The outside world of the crash loop. Every call is one real side effect: one ledger line, synced before
 * the call returns, carrying the call's {@link Lazarus#stepKey()}, the argument the pipeline passed in
 * ({@code prev}, the value it got from its previous step), the process and the wall-clock time:
 *
 * <pre>
 * step    &lt;pipeline&gt;/&lt;k&gt; -&gt; &lt;value&gt; sk=&lt;stepKey&gt; prev=&lt;prev&gt; pid=&lt;pid&gt; t=&lt;millis&gt;
 * publish &lt;pipeline&gt;   -&gt; &lt;result&gt; sk=&lt;stepKey&gt; pid=&lt;pid&gt; t=&lt;millis&gt;
 * </pre>
 *
 * Values differ in every process and on every call ({@code v<k>@<pid>#<n>}), so a call that ran again
 * instead of being answered from the journal is visible. A short random pause before and after the side
 * effect (system property {@code it.crash.stepMicros}, default 1500 µs at most on each side) makes kills
 * land both before a side effect and in the window after it, before the engine journaled its outcome.
 */
public class ChainService {
    private static final long PAUSE_MICROS = Long.getLong("it.crash.stepMicros", 1500);

    private final Ledger ledger;
    private final AtomicInteger counter = new AtomicInteger();
    private final long pid = ProcessHandle.current().pid();

    public ChainService(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Step {@code k} of {@code pipeline}, given the value of its previous step. */
    public String step(String pipeline, int k, String prev) {
        pause();
        String value = "v" + k + "@" + pid + "#" + counter.incrementAndGet();
        ledger.append(
                "step",
                pipeline + "/" + k,
                value + " sk=" + Lazarus.stepKey() + " prev=" + prev + " pid=" + pid + " t="
                        + System.currentTimeMillis());
        pause();
        return value;
    }

    /** The last side effect of a pipeline: its result, published. */
    public void publish(String pipeline, String result) {
        pause();
        ledger.append(
                "publish",
                pipeline,
                result + " sk=" + Lazarus.stepKey() + " pid=" + pid + " t=" + System.currentTimeMillis());
        pause();
    }

    private static void pause() {
        if (PAUSE_MICROS > 0) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(PAUSE_MICROS + 1) * 1000);
        }
    }
}
