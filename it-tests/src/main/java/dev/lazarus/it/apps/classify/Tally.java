package dev.lazarus.it.apps.classify;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application object the durable body creates and mutates: calls on it must be recomputed (run
 * again on replay), not journaled. {@link #CALLS} counts the calls that really ran in this process.
 */
public class Tally {
    /** Calls of {@link #add} and {@link #label} that ran in this process. */
    public static final AtomicInteger CALLS = new AtomicInteger();

    private int total;

    public void add(int amount) {
        CALLS.incrementAndGet();
        total += amount;
    }

    public String label(String name) {
        CALLS.incrementAndGet();
        return "<" + name.toUpperCase(Locale.ROOT) + ">";
    }

    public int total() {
        return total;
    }
}
