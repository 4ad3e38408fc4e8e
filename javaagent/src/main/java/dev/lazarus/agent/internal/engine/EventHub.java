package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.EventSent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands each event to exactly one waiter on its (name, key): the one waiting now, or the next one to
 * wait. In memory only: an event is durable from its {@link EventSent} record on, and consumed only by
 * the record that says so, so a crash between hand-off and that record leaves it pending for the
 * resumed waiter. Waiters park (no CPU, and no carrier thread on virtual threads) on the engine's clock.
 */
final class EventHub {
    /** A waiter's slot: filled by {@link #publish} or given up at the deadline. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        EventSent delivered;
        boolean done;
    }

    private static final class Topic {
        final ArrayDeque<EventSent> pending = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    }

    private final Map<String, Topic> topics = new HashMap<>();
    private final EngineClock clock;

    /** @param clock what deadlines are measured and waited on */
    EventHub(EngineClock clock) {
        this.clock = clock;
    }

    private static String topic(String name, String key) {
        return name + '\u0000' + key;
    }

    /** Offers an event: to the first waiter, or to the pending queue. */
    void publish(EventSent event) {
        Waiter woken = null;
        synchronized (this) {
            Topic t = topics.computeIfAbsent(topic(event.name(), event.key()), k -> new Topic());
            for (Iterator<Waiter> it = t.waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                it.remove();
                if (!w.done) {
                    w.delivered = event;
                    w.done = true;
                    woken = w;
                    break;
                }
            }
            if (woken == null) {
                t.pending.add(event);
            }
        }
        if (woken != null) {
            LockSupport.unpark(woken.thread);
        }
    }

    /** Puts back an event whose consumption could not be recorded, ahead of later ones. */
    void requeue(EventSent event) {
        synchronized (this) {
            Topic t = topics.computeIfAbsent(topic(event.name(), event.key()), k -> new Topic());
            Waiter w = t.waiters.pollFirst();
            if (w == null) {
                t.pending.addFirst(event);
                return;
            }
            w.delivered = event;
            w.done = true;
            LockSupport.unpark(w.thread);
        }
    }

    /**
     * Waits for an event on (name, key) until the wall-clock deadline. What is left of the deadline is
     * measured once, then waited on the monotonic clock (see {@link EngineClock}).
     *
     * @return the event, or {@code null} at the deadline
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    EventSent await(String name, String key, long deadlineMillis) throws InterruptedException {
        Waiter w;
        long end;
        synchronized (this) {
            Topic t = topics.computeIfAbsent(topic(name, key), k -> new Topic());
            // A wait resumed after its deadline passed (the process was down) still gets an event sent
            // before the deadline, but not one sent after it: the outcome must not depend on whether the
            // process happened to be up. Pending events are in the order they were sent.
            EventSent ready = t.pending.peek();
            if (ready != null && ready.sentAtMillis() <= deadlineMillis) {
                return t.pending.poll();
            }
            if (clock.currentTimeMillis() >= deadlineMillis) {
                return null;
            }
            end = clock.monotonicDeadline(deadlineMillis);
            w = new Waiter();
            t.waiters.add(w);
        }
        while (true) {
            boolean due = end - clock.nanoTime() <= 0;
            synchronized (this) {
                if (w.delivered != null) {
                    return w.delivered;
                }
                if (due || Thread.interrupted()) {
                    w.done = true;
                    topics.get(topic(name, key)).waiters.remove(w);
                    if (!due) {
                        throw new InterruptedException();
                    }
                    return null;
                }
            }
            clock.parkUntil(this, end);
        }
    }

    /** @return how many threads wait right now (for diagnostics) */
    synchronized int waiting() {
        int n = 0;
        for (Topic t : topics.values()) {
            n += t.waiters.size();
        }
        return n;
    }
}
