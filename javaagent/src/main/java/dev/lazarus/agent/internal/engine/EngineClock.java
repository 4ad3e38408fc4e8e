package dev.lazarus.agent.internal.engine;

/**
 * Where the engine gets time from, and how it waits for it. Every timestamp, deadline, wake-up time and
 * back-off of the engine is read from here, never from {@link System}, so that tests can drive timers,
 * retries and deadlines with a clock they move themselves ({@link SystemClock} is the production one).
 *
 * <p>Two clocks, because they answer different questions. The journal records <em>wall-clock</em> instants
 * (milliseconds since the epoch): a deadline or wake-up time has to mean the same moment to the process
 * that resumes the execution after a restart, possibly on another machine. A process that waits, though,
 * measures what is left of such an instant once and then waits on the <em>monotonic</em> clock, so that a
 * wall-clock step while it waits (NTP, an operator) neither cuts the wait short nor stretches it.
 */
interface EngineClock {
    /** Waits longer than this (about 73 years) are treated as this long, so monotonic arithmetic never overflows. */
    long MAX_WAIT_MILLIS = Long.MAX_VALUE / 4 / 1_000_000L;

    /** @return wall-clock time in milliseconds since the epoch: what records carry */
    long currentTimeMillis();

    /** @return monotonic time in nanoseconds, meaningful only as a difference: what durations and waits use */
    long nanoTime();

    /**
     * Parks the calling thread until {@link #nanoTime()} reaches {@code deadlineNanos}, the thread is
     * unparked ({@link java.util.concurrent.locks.LockSupport#unpark}) or interrupted, or spuriously; callers
     * check their condition and the time again, as with {@link java.util.concurrent.locks.LockSupport#parkNanos}.
     *
     * @param blocker what the thread waits for, shown by thread dumps
     * @param deadlineNanos a {@link #nanoTime()} value
     */
    void parkUntil(Object blocker, long deadlineNanos);

    /**
     * @param deadlineMillis a wall-clock instant, such as a journaled deadline
     * @return the {@link #nanoTime()} value at which that instant falls, as far as can be told now (now if it
     *     has passed)
     */
    default long monotonicDeadline(long deadlineMillis) {
        long leftMillis = Math.min(Math.max(deadlineMillis - currentTimeMillis(), 0), MAX_WAIT_MILLIS);
        return nanoTime() + leftMillis * 1_000_000L;
    }

    /**
     * Sleeps until a wall-clock instant: what is left of it is measured now and waited on the monotonic clock.
     *
     * @param deadlineMillis the instant, such as a journaled wake-up time
     * @throws InterruptedException if the thread is interrupted before the instant (the interrupt is cleared,
     *     as by {@link Thread#sleep}); an instant already past returns at once, interrupted or not
     */
    default void sleepUntil(long deadlineMillis) throws InterruptedException {
        long end = monotonicDeadline(deadlineMillis);
        while (end - nanoTime() > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            parkUntil(this, end);
        }
    }
}
