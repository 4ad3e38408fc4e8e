package dev.lazarus.it.apps.retention;

import dev.lazarus.it.apps.support.Ledger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outside world of the soak: a cheap step the busy executions call many times (counted, not written), and the
 * two calls of an approval, written to the ledger so the test sees each happen once.
 */
public final class SoakTools {
    static final AtomicLong STEPS = new AtomicLong();
    private final Ledger ledger = Ledger.fromSystemProperty();

    /** A cheap call of the busy executions. */
    public String step(String key, int i) {
        STEPS.incrementAndGet();
        return key + ":" + i;
    }

    /** An approval is asked for: one ledger line per approval, however often the process restarts. */
    public String ask(String id) {
        ledger.append("ask", id, "asked");
        return "asked " + id;
    }

    /** An approval came: one ledger line. */
    public String approved(String id, String decision) {
        ledger.append("approved", id, decision);
        return id + " " + decision;
    }
}
