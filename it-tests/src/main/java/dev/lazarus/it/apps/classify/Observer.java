package dev.lazarus.it.apps.classify;

import dev.lazarus.it.apps.support.Ledger;

/** Receives the clock, random and UUID values the body read. */
class Observer {
    private final Ledger ledger;

    Observer(Ledger ledger) {
        this.ledger = ledger;
    }

    public void observe(String id, String observed) {
        ledger.append("observe", id, observed);
    }
}
