package dev.lazarus.it.apps.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An outside service whose answer differs in every process and on every call
 * ({@code v<k>@<pid>#<counter>}), so a call that ran again instead of being answered from the journal
 * shows in the result. Each real call is one ledger line {@code step <key>/<k> -> <value>}.
 */
public class StepService {
    private final Ledger ledger;
    private final AtomicInteger counter = new AtomicInteger();

    public StepService(Ledger ledger) {
        this.ledger = ledger;
    }

    public String step(String key, int k) {
        Gate.reach("step:" + key + ":" + k);
        String value = "v" + k + "@" + ProcessHandle.current().pid() + "#" + counter.incrementAndGet();
        ledger.append("step", key + "/" + k, value);
        return value;
    }
}
