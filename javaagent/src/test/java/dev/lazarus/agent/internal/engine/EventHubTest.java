package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lazarus.store.record.EventSent;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private static EventSent event(String id, String key) {
        return new EventSent(id, "approval", key, "{}", null, System.currentTimeMillis(), null, -1, "");
    }

    private static long in(long millis) {
        return System.currentTimeMillis() + millis;
    }

    @Test
    void anEventSentBeforeTheWaitIsConsumedByTheNextWaiter() throws Exception {
        EventHub hub = new EventHub();
        EventSent e = event("e1", "doc");
        hub.publish(e);
        assertSame(e, hub.await("approval", "doc", in(1000)));
        assertNull(hub.await("approval", "doc", in(50)), "consumed once");
    }

    @Test
    void eachEventGoesToExactlyOneOfSeveralWaiters() throws Exception {
        EventHub hub = new EventHub();
        int waiters = 8;
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(waiters);
        for (int i = 0; i < waiters; i++) {
            Thread t = new Thread(() -> {
                try {
                    EventSent e = hub.await("approval", "doc", in(10_000));
                    got.add(e == null ? "timeout" : e.eventId());
                } catch (InterruptedException ignored) {
                    got.add("interrupted");
                }
                done.countDown();
            });
            t.start();
        }
        while (hub.waiting() < waiters) {
            Thread.sleep(5);
        }
        for (int i = 0; i < waiters; i++) {
            hub.publish(event("e" + i, "doc"));
        }
        done.await();
        assertEquals(waiters, got.stream().distinct().count(), "every waiter got a different event: " + got);
    }

    @Test
    void otherKeysDoNotWakeAWaiterAndTheDeadlineEndsTheWait() throws Exception {
        EventHub hub = new EventHub();
        hub.publish(event("x", "other-doc"));
        assertNull(hub.await("approval", "doc", in(100)));
        // the other key's event stays pending for its own waiter
        assertEquals("x", hub.await("approval", "other-doc", in(100)).eventId());
    }

    @Test
    void aWaitResumedAfterItsDeadlineTakesOnlyAnEventSentBeforeIt() throws Exception {
        EventHub hub = new EventHub();
        long deadline = System.currentTimeMillis() - 1_000; // passed while the process was down
        hub.publish(new EventSent("late", "approval", "doc", "{}", null, deadline + 500, null, -1, ""));
        assertNull(hub.await("approval", "doc", deadline), "sent after the deadline: too late");
        hub.requeue(new EventSent("early", "approval", "doc", "{}", null, deadline - 500, null, -1, ""));
        assertEquals("early", hub.await("approval", "doc", deadline).eventId(), "sent before the deadline: delivered");
        assertEquals("late", hub.await("approval", "doc", System.currentTimeMillis() + 100).eventId(),
                "the late event stays pending for the next wait");
    }

    @Test
    void requeuedEventsComeFirst() throws Exception {
        EventHub hub = new EventHub();
        hub.publish(event("second", "doc"));
        hub.requeue(event("first", "doc"));
        assertEquals("first", hub.await("approval", "doc", in(100)).eventId());
    }

    @Test
    void interruptionEndsTheWait() {
        EventHub hub = new EventHub();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> hub.await("approval", "doc", in(5_000)));
        assertEquals(0, hub.waiting());
    }
}
