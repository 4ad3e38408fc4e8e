package dev.lazarus.bench.apps;

/**
 * A {@link Probe} that also says when a measured window is over: its answer, which is journaled like any call's,
 * is {@link Probe#VALUE} while the window is open and the empty string once it closed, so a durable body can call it
 * until then without reading the clock itself. Stamps every call's entry like {@link Probe}.
 */
public final class WindowProbe {
    private final Probe stamps = new Probe();
    private volatile long closesAtNanos = Long.MAX_VALUE;

    /** Opens the window for {@code nanos} from now and stamps up to {@code capacity} calls (single-threaded use). */
    public void open(long nanos, int capacity) {
        stamps.stamp(capacity);
        closesAtNanos = System.nanoTime() + nanos;
    }

    /** @return {@link Probe#VALUE} while the window is open (always, before {@link #open}), else "" */
    public String call(int i) {
        stamps.call(i);
        return System.nanoTime() < closesAtNanos ? Probe.VALUE : "";
    }

    /** @return the gaps between consecutive stamped calls, in nanoseconds */
    public long[] gaps() {
        return stamps.gaps();
    }

    /** @return how many calls really ran */
    public long calls() {
        return stamps.calls();
    }
}
