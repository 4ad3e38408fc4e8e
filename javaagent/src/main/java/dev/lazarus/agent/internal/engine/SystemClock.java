package dev.lazarus.agent.internal.engine;

import java.util.concurrent.locks.LockSupport;

/** The production {@link EngineClock}: the JVM's own clocks, and {@link LockSupport} to wait. */
final class SystemClock implements EngineClock {
    /** The only instance: the clock has no state. */
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void parkUntil(Object blocker, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(blocker, left);
        }
    }
}
