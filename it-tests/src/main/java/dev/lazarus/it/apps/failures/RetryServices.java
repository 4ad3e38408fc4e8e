package dev.lazarus.it.apps.failures;

import dev.lazarus.Retry;
import dev.lazarus.it.apps.support.Ledger;

/**
 * Outside services with {@code @Retry} on their methods. Each real attempt is a ledger line (see
 * {@link AttemptLog}); the messages of the exceptions name the attempt and the process, so an exception
 * replayed from the journal is recognisably the one the first process saw.
 */
public class RetryServices {
    private final AttemptLog attempts;

    public RetryServices(Ledger ledger) {
        this.attempts = new AttemptLog(ledger);
    }

    /** Fails the first {@code failures} attempts of {@code op} with a {@link TransientException}. */
    @Retry(maxAttempts = 3, initialDelay = "100ms", maxDelay = "1s", multiplier = 2.0)
    public String flaky(String op, int failures) {
        int n = attempts.attempt(op);
        if (n <= failures) {
            throw new TransientException(op + " failed on attempt " + n + " in pid " + AttemptLog.pid());
        }
        return "ok:" + op + ":attempt" + n + "@" + AttemptLog.pid();
    }

    /** Always fails with a {@link FatalException}, which is in {@code abortOn}. */
    @Retry(maxAttempts = 3, initialDelay = "100ms", abortOn = FatalException.class)
    public String fatal(String op) {
        int n = attempts.attempt(op);
        throw new FatalException(op + " refused on attempt " + n + " in pid " + AttemptLog.pid());
    }

    /**
     * Only {@link TransientException}s (subclasses included) are retried: attempt 1 fails with a
     * {@link SlowDownException}, every later one with an {@link OtherException}.
     */
    @Retry(maxAttempts = 3, initialDelay = "100ms", retryOn = TransientException.class)
    public String picky(String op) {
        int n = attempts.attempt(op);
        if (n == 1) {
            throw new SlowDownException(op + " slow down on attempt " + n + " in pid " + AttemptLog.pid());
        }
        throw new OtherException(op + " other failure on attempt " + n + " in pid " + AttemptLog.pid());
    }

    /** Always fails with a {@link OtherException}; only {@link TransientException}s are retried. */
    @Retry(maxAttempts = 3, initialDelay = "100ms", retryOn = TransientException.class)
    public String unlisted(String op) {
        int n = attempts.attempt(op);
        throw new OtherException(op + " other failure on attempt " + n + " in pid " + AttemptLog.pid());
    }

    /** Always fails: every attempt runs out. */
    @Retry(maxAttempts = 3, initialDelay = "100ms", maxDelay = "200ms")
    public String broken(String op) {
        int n = attempts.attempt(op);
        throw new TransientException(op + " broken on attempt " + n + " in pid " + AttemptLog.pid());
    }

    /**
     * Fails the first {@code failures} attempts of {@code op}, with long back-offs: 3 s, then 3 s again
     * (the 6 s of the multiplier is capped by {@code maxDelay}).
     */
    @Retry(maxAttempts = 3, initialDelay = "3s", maxDelay = "3s", multiplier = 2.0)
    public String slow(String op, int failures) {
        int n = attempts.attempt(op);
        if (n <= failures) {
            throw new TransientException(op + " failed on attempt " + n + " in pid " + AttemptLog.pid());
        }
        return "ok:" + op + ":attempt" + n + "@" + AttemptLog.pid();
    }
}
