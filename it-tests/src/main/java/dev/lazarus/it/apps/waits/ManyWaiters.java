package dev.lazarus.it.apps.waits;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import java.time.Duration;
import java.util.Optional;

/** The durable body of the many-waiters scenario: arrive, wait for {@code ("go", id)}, report. */
public final class ManyWaiters {
    static final Arrivals ARRIVALS = new Arrivals();

    private ManyWaiters() {}

    /** Initialises this class, which starts the recovery of its unfinished executions. */
    static void init() {
        // the static initialiser is the point
    }

    @Durable
    public static String waitFor(@ExecutionKey String id, long timeoutMs) {
        ARRIVALS.arrive(id);
        Optional<String> go = Lazarus.awaitEvent("go", id, String.class, Duration.ofMillis(timeoutMs));
        return ARRIVALS.done(id, go.orElse("timeout"));
    }
}
