package dev.lazarus.agent.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * An {@link EngineClock} that moves only when a test says so. Threads that wait on it (timers, back-offs,
 * event deadlines) park until {@link #advance} reaches their deadline, so a test of a seven-day wait runs in
 * milliseconds and never depends on how fast the machine is. {@link #awaitParked} lets a test wait until the
 * code under test is really waiting, and {@link #parkedUntil} shows until when.
 */
final class FakeClock implements EngineClock {
    /** The wall-clock time at nanoTime 0: an arbitrary, fixed instant (2023-11-14T22:13:20Z). */
    private static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private long nanos;
    /** What the wall clock reads ahead of (or behind) the monotonic clock: moved by {@link #stepWallClock}. */
    private long wallOffsetMillis;

    private final Map<Thread, Long> parked = new HashMap<>();

    @Override
    public synchronized long currentTimeMillis() {
        return EPOCH_MILLIS + wallOffsetMillis + nanos / 1_000_000L;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public void parkUntil(Object blocker, long deadlineNanos) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (deadlineNanos - nanos <= 0) {
                return;
            }
            parked.put(me, deadlineNanos);
            notifyAll();
        }
        try {
            // an unpark between the registration above and this park leaves a permit: no wake-up is lost
            LockSupport.park(blocker);
        } finally {
            synchronized (this) {
                parked.remove(me);
                notifyAll();
            }
        }
    }

    /** Moves both clocks forward and wakes every parked thread, which then looks at the time again. */
    void advance(Duration by) {
        List<Thread> wake;
        synchronized (this) {
            nanos += by.toNanos();
            wake = new ArrayList<>(parked.keySet());
        }
        wake.forEach(LockSupport::unpark);
    }

    /** Steps the wall clock alone (NTP, an operator), as a real clock can; the monotonic clock does not move. */
    synchronized void stepWallClock(Duration by) {
        wallOffsetMillis += by.toMillis();
    }

    /**
     * Blocks until a thread waits on this clock for a time still ahead (a thread that an {@link #advance} has
     * just made due does not count: it is about to look at the time again).
     *
     * @param thread the thread
     * @return the wall-clock instant its wait ends at, as this clock reads now
     */
    synchronized long awaitWaiting(Thread thread) throws InterruptedException {
        while (true) {
            Long deadline = parked.get(thread);
            if (deadline != null && deadline - nanos > 0) {
                return currentTimeMillis() + (deadline - nanos) / 1_000_000L;
            }
            if (!thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " ended instead of waiting");
            }
            wait(10); // also notices a thread that ends without parking
        }
    }
}
