package dev.lazarus.it.apps.support;

/** The last outside call of the test bodies: writes {@code publish <key> -> <result>} to the ledger. */
public class Publisher {
    private final Ledger ledger;

    public Publisher(Ledger ledger) {
        this.ledger = ledger;
    }

    public void publish(String key, String result) {
        ledger.append("publish", key, result);
    }
}
