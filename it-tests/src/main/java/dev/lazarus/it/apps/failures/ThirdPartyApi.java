package dev.lazarus.it.apps.failures;

import dev.lazarus.it.apps.support.Ledger;

/**
 * Stands for a third-party client whose source cannot carry annotations: no {@code @Retry} anywhere.
 * The agent option {@code retry=dev.lazarus.it.apps.failures.ThirdPartyApi#call:4/100ms/1s/2} gives
 * {@link #call} a policy; {@link #other} is not named by it.
 */
public class ThirdPartyApi {
    private final AttemptLog attempts;

    public ThirdPartyApi(Ledger ledger) {
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

    /** Fails the first {@code failures} attempts of {@code op}. */
    public String other(String op, int failures) {
        int n = attempts.attempt(op);
        if (n <= failures) {
            throw new TransientException(op + " failed on attempt " + n + " in pid " + AttemptLog.pid());
        }
        return "ok:" + op + ":attempt" + n + "@" + AttemptLog.pid();
    }
}
