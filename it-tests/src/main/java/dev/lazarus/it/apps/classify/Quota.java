package dev.lazarus.it.apps.classify;

import dev.lazarus.it.apps.support.Ledger;

/** Always refuses, with a message that differs in every process. */
class Quota {
    private final Ledger ledger;

    Quota(Ledger ledger) {
        this.ledger = ledger;
    }

    public int reserve(String id) {
        String message = "quota exceeded for " + id + " (" + ClassifyServices.tag() + ")";
        ledger.append("reserve", id, "threw " + message);
        throw new QuotaExceededException(message);
    }
}
