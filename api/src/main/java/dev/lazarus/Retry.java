package dev.lazarus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retry policy for journaled calls: on a callee method or class, or on a {@link Durable} method as
 * the default for the calls it makes. Attempts and the time of the next attempt are journaled, so a
 * process killed during back-off resumes the back-off instead of starting over.
 *
 * <p>Without this annotation nothing is retried. Durations are strings such as {@code "500ms"},
 * {@code "1s"}, {@code "5m"}, {@code "2h"}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Retry {
    /** @return how many attempts in all, the first included */
    int maxAttempts() default 3;

    /** @return the delay before the second attempt */
    String initialDelay() default "1s";

    /** @return the cap on any delay */
    String maxDelay() default "1m";

    /** @return the factor by which each delay grows */
    double multiplier() default 2.0;

    /** @return exception types that are retried (empty: every exception not in {@link #abortOn()}) */
    Class<? extends Throwable>[] retryOn() default {};

    /** @return exception types that stop retrying at once */
    Class<? extends Throwable>[] abortOn() default {};
}
