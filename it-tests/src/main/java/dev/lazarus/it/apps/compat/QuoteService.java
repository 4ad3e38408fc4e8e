package dev.lazarus.it.apps.compat;

import dev.lazarus.it.apps.support.Ledger;
import java.util.concurrent.atomic.AtomicInteger;

/** An outside service returning application records; each real call is one ledger line. */
public class QuoteService {
    private final Ledger ledger;
    private final AtomicInteger counter = new AtomicInteger();

    public QuoteService(Ledger ledger) {
        this.ledger = ledger;
    }

    public Quote quote(String symbol) {
        Quote q = new Quote(
                symbol,
                100L * symbol.length() + counter.incrementAndGet(),
                ProcessHandle.current().pid() + "#" + counter.get());
        ledger.append("quote", symbol, q.toString());
        return q;
    }
}
