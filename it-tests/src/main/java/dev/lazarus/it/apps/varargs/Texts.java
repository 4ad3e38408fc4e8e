package dev.lazarus.it.apps.varargs;

import dev.lazarus.it.apps.support.Ledger;

/** A service with a varargs method, held in a field by the durable body: each call is a side effect. */
public final class Texts {
    private final Ledger ledger = Ledger.fromSystemProperty();

    /** Joins the parts and writes the join to the ledger (the outside world saw it). */
    public String join(String separator, String... parts) {
        String joined = String.join(separator, parts);
        ledger.append("join", separator.isEmpty() ? "empty" : separator, joined);
        return joined;
    }
}
