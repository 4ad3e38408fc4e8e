package dev.lazarus.it.apps.classify;

import dev.lazarus.it.apps.support.Ledger;

/** Called from a private helper method of the body's class. */
class Directory {
    private final Ledger ledger;

    Directory(Ledger ledger) {
        this.ledger = ledger;
    }

    public String region(String id) {
        String value = "region-of-" + id + "@" + ClassifyServices.tag();
        ledger.append("region", id, value);
        return value;
    }
}
