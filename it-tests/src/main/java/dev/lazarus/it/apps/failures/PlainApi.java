package dev.lazarus.it.apps.failures;

import dev.lazarus.it.apps.support.Ledger;

/** A callee without {@code @Retry}: not retried, unless the durable method's own {@code @Retry} is a default. */
public class PlainApi {
    private final AttemptLog attempts;

    public PlainApi(Ledger ledger) {
        this.attempts = new AttemptLog(ledger);
    }

    /** Fails the first {@code failures} attempts of {@code op}. */
    public String call(String op, int failures) {
        int n = attempts.attempt(op);
        if (n <= failures) {
            throw new TransientException(op + " failed on attempt " + n + " in pid " + AttemptLog.pid());
        }
        return "ok:" + op + ":attempt" + n + "@" + AttemptLog.pid();
    }
}
