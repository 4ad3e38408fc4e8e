package dev.lazarus.it.apps.waits;

import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;

/**
 * The outside service the waiting bodies report to once they have their event (or their timeout):
 * one ledger line {@code received <id> -> <what>} per real call, so the tests see each payload the
 * application acted on, and how many times. Also a kill point ({@code receive:<id>}).
 */
public class Receiver {
    private final Ledger ledger;

    public Receiver(Ledger ledger) {
        this.ledger = ledger;
    }

    public String receive(String id, String what) {
        Gate.reach("receive:" + id);
        ledger.append("received", id, what);
        return what;
    }
}
