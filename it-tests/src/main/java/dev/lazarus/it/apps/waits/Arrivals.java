package dev.lazarus.it.apps.waits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside service of {@link ManyWaiters}: counts executions that reached their wait and executions
 * that finished, in memory (ten thousand ledger lines, each synced, would measure the disk, not the
 * waiting). Calls on it from the body are journaled: live calls count, replayed ones do not.
 */
public class Arrivals {
    private static final AtomicInteger ARRIVED = new AtomicInteger();
    private static final AtomicInteger DONE = new AtomicInteger();
    private static final AtomicInteger WRONG = new AtomicInteger();

    public void arrive(String id) {
        ARRIVED.incrementAndGet();
    }

    public String done(String id, String payload) {
        if (!payload.equals("go-" + id)) {
            if (WRONG.incrementAndGet() <= 5) {
                System.out.println("WRONG payload for " + id + ": " + payload);
            }
        }
        DONE.incrementAndGet();
        return payload;
    }

    static int arrived() {
        return ARRIVED.get();
    }

    static int done() {
        return DONE.get();
    }

    static int wrong() {
        return WRONG.get();
    }
}
