package dev.lazarus.agent.internal.config;

import dev.lazarus.LazarusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a journaled call is retried ({@code @Retry} or the agent option {@code retry=}): at most
 * {@code maxAttempts} attempts; the wait after failed attempt n is
 * {@code min(maxDelay, initialDelay × multiplier^(n-1))}, no jitter; {@code abortOn} stops at once,
 * and a non-empty {@code retryOn} limits what is retried. Immutable; travels from the instrumentation to
 * the engine as one string ({@link #encode()}).
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private final double multiplier;
    private final List<String> retryOn;
    private final List<String> abortOn;

    private RetryPolicy(
            int maxAttempts,
            long initialDelayMillis,
            long maxDelayMillis,
            double multiplier,
            List<String> retryOn,
            List<String> abortOn) {
        if (maxAttempts < 1) {
            throw bad("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (multiplier < 1) {
            throw bad("multiplier must be at least 1, not " + multiplier);
        }
        this.maxAttempts = maxAttempts;
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = Math.max(maxDelayMillis, 0);
        this.multiplier = multiplier;
        this.retryOn = List.copyOf(retryOn);
        this.abortOn = List.copyOf(abortOn);
    }

    /**
     * @param maxAttempts attempts in all, the first included
     * @param initialDelay the wait after the first failure, such as {@code "500ms"}
     * @param maxDelay the cap on any wait
     * @param multiplier the growth of the wait
     * @param retryOn binary names of exception classes retried (empty: all but {@code abortOn})
     * @param abortOn binary names of exception classes never retried
     * @return the policy
     * @throws LazarusException (LAZ-006) naming the bad value
     */
    public static RetryPolicy of(
            int maxAttempts,
            String initialDelay,
            String maxDelay,
            double multiplier,
            List<String> retryOn,
            List<String> abortOn) {
        return new RetryPolicy(
                maxAttempts, Durations.millis(initialDelay), Durations.millis(maxDelay), multiplier, retryOn, abortOn);
    }

    /**
     * Reads the agent option's short form {@code maxAttempts/initialDelay/maxDelay/multiplier}, such as
     * {@code 4/200ms/2s/2}; missing parts take {@code @Retry}'s defaults.
     */
    public static RetryPolicy parseShort(String text) {
        String[] p = text.split("/");
        try {
            return of(
                    Integer.parseInt(p[0].trim()),
                    p.length > 1 ? p[1] : "1s",
                    p.length > 2 ? p[2] : "1m",
                    p.length > 3 ? Double.parseDouble(p[3].trim()) : 2.0,
                    List.of(),
                    List.of());
        } catch (NumberFormatException e) {
            throw bad("'" + text + "' is not maxAttempts/initialDelay/maxDelay/multiplier, such as 4/200ms/2s/2");
        }
    }

    /** @return the policy as one string, for {@link #decode} */
    public String encode() {
        return maxAttempts + "/" + initialDelayMillis + "/" + maxDelayMillis + "/" + multiplier + "/"
                + String.join(",", retryOn) + "/" + String.join(",", abortOn);
    }

    /** @return the policy {@link #encode()} made, or {@code null} for the empty string (no retries) */
    public static RetryPolicy decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        String[] p = encoded.split("/", -1);
        return new RetryPolicy(
                Integer.parseInt(p[0]),
                Long.parseLong(p[1]),
                Long.parseLong(p[2]),
                Double.parseDouble(p[3]),
                names(p[4]),
                names(p[5]));
    }

    private static List<String> names(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** @return attempts in all, the first included */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the wait after failed attempt {@code attempt} (from 1) */
    public long delayAfterMillis(int attempt) {
        double d = initialDelayMillis * Math.pow(multiplier, attempt - 1);
        return (long) Math.min(maxDelayMillis, d);
    }

    /** @return whether {@code failure} of attempt {@code attempt} is retried */
    public boolean retries(Throwable failure, int attempt) {
        if (attempt >= maxAttempts || matches(abortOn, failure)) {
            return false;
        }
        return retryOn.isEmpty() || matches(retryOn, failure);
    }

    /** By name along the class hierarchy, so that no class has to be loaded in the callee's loader. */
    private static boolean matches(List<String> names, Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
            if (names.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private static LazarusException bad(String what) {
        return new LazarusException("LAZ-006", "bad retry policy: " + what);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d attempts, %dms x%.1f up to %dms",
                maxAttempts,
                initialDelayMillis,
                multiplier,
                maxDelayMillis);
    }
}
