package dev.lazarus.it.apps.retention;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The durable bodies of the soak: short busy executions, and approvals that wait across restarts. */
public final class Soak {
    static final AtomicInteger APPROVALS_DONE = new AtomicInteger();
    private static final SoakTools TOOLS = new SoakTools();

    private Soak() {}

    /** Initialises this class, which starts the recovery of its unfinished executions. */
    static void init() {
        // the static initialiser is the point
    }

    /** Five journaled calls, then done: the history that retention must drop. */
    @Durable
    public static String busy(@ExecutionKey String key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(TOOLS.step(key, i)).append(';');
        }
        return sb.toString();
    }

    /** Asks for an approval and waits for it: unfinished for the whole soak, so compaction must keep it. */
    @Durable
    public static String approval(@ExecutionKey String id) {
        TOOLS.ask(id);
        String decision = Lazarus.awaitEvent("approval", id, String.class, Duration.ofMinutes(30))
                .orElse("timed-out");
        String done = TOOLS.approved(id, decision);
        APPROVALS_DONE.incrementAndGet();
        return done;
    }
}
