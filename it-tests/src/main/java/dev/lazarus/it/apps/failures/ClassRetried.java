package dev.lazarus.it.apps.failures;

import dev.lazarus.Retry;
import dev.lazarus.it.apps.support.Ledger;

/** {@code @Retry} on the class: a policy for all its methods, and more specific than a durable method's default. */
@Retry(maxAttempts = 4, initialDelay = "50ms", maxDelay = "200ms")
public class ClassRetried {
    private final AttemptLog attempts;

    public ClassRetried(Ledger ledger) {
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
