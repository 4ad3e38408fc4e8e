package dev.lazarus.it.apps.golden;

import java.util.HashSet;
import java.util.Set;

/**
 * Where the generator stops its executions before it halts the JVM. An outside service reaches a point
 * ({@code <operation>:<argument>}) before it does anything; an armed point parks the calling thread for good
 * instead, so the call is in flight, unrecorded and unseen by the outside world, when
 * {@link Runtime#halt} ends the process. The journal then holds the execution exactly up to that call.
 */
final class HaltPoints {
    private static final Set<String> ARMED = new HashSet<>();
    private static final Set<String> REACHED = new HashSet<>();

    private HaltPoints() {}

    /** The next thread to reach {@code point} stays there. */
    static synchronized void arm(String point) {
        ARMED.add(point);
    }

    /** Called by the services first; parks the thread for good at an armed point. */
    static void reach(String point) {
        synchronized (HaltPoints.class) {
            if (!ARMED.remove(point)) {
                return;
            }
            REACHED.add(point);
            HaltPoints.class.notifyAll();
        }
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // stay: only the halt ends this thread
                }
            }
        }
    }

    /** Waits until a thread has stopped at {@code point}. */
    static synchronized void awaitReached(String point) throws InterruptedException {
        while (!REACHED.contains(point)) {
            HaltPoints.class.wait();
        }
    }
}
