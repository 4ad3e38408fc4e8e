package dev.lazarus.it.apps.classify;

import dev.lazarus.it.apps.support.Ledger;

/** Called from a lambda in the body: {@code names.stream().map(n -> catalog.describe(n))}. */
class Catalog {
    private final Ledger ledger;

    Catalog(Ledger ledger) {
        this.ledger = ledger;
    }

    public String describe(String name) {
        String value = name + "@" + ClassifyServices.tag();
        ledger.append("describe", name, value);
        return value;
    }
}
