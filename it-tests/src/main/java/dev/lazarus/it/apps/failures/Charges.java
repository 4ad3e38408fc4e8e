package dev.lazarus.it.apps.failures;

import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;

/**
 * A payment API whose side effect happens before the call returns: {@link #charge} writes
 * {@code charge <op> -> key=<stepKey> pid=<pid>} to the ledger, then reaches the kill point
 * {@code charged:<op>}. A process killed there has charged but not journaled the call.
 */
public class Charges {
    private final Ledger ledger;

    public Charges(Ledger ledger) {
        this.ledger = ledger;
    }

    public String charge(String op) {
        String key = Lazarus.stepKey();
        ledger.append("charge", op, "key=" + key + " pid=" + AttemptLog.pid());
        Gate.reach("charged:" + op);
        return "receipt:" + op + ":" + key + "@" + AttemptLog.pid();
    }
}
