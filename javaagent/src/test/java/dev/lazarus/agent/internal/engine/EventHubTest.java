package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lazarus.store.record.EventSent;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EventHubTest {
    private final FakeClock clock = new FakeClock();

    private EventSent event(String id, String key) {
        return new EventSent(id, "approval", key, "{}", null, clock.currentTimeMillis(), null, -1, "");
    }

    private long in(long millis) {
        return clock.currentTimeMillis() + millis;
    }

    /** Waits on another thread until the deadline, which the fake clock reaches only when told to. */
    private EventSent awaitUntilTheDeadline(EventHub hub, String key, long deadline) throws Throwable {
        Running<EventSent> wait = Running.start(() -> hub.await("approval", key, deadline));
        assertEquals(deadline, clock.awaitWaiting(wait.thread()), "it waits until the deadline");
        clock.advance(Duration.ofMillis(deadline - clock.currentTimeMillis()));
        return wait.join();
    }

    @Test
    void anEventSentBeforeTheWaitIsConsumedByTheNextWaiter() throws Throwable {
        EventHub hub = new EventHub(clock);
        EventSent e = event("e1", "doc");
        hub.publish(e);
        assertSame(e, hub.await("approval", "doc", in(1000)));
        assertNull(awaitUntilTheDeadline(hub, "doc", in(50)), "consumed once");
    }

    @Test
    void eachEventGoesToExactlyOneOfSeveralWaiters() throws Exception {
        EventHub hub = new EventHub(clock);
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
    void otherKeysDoNotWakeAWaiterAndTheDeadlineEndsTheWait() throws Throwable {
        EventHub hub = new EventHub(clock);
        hub.publish(event("x", "other-doc"));
        assertNull(awaitUntilTheDeadline(hub, "doc", in(100)));
        // the other key's event stays pending for its own waiter
        assertEquals("x", hub.await("approval", "other-doc", in(100)).eventId());
    }

    @Test
    void aWaitResumedAfterItsDeadlineTakesOnlyAnEventSentBeforeIt() throws Exception {
        EventHub hub = new EventHub(clock);
        long deadline = clock.currentTimeMillis() - 1_000; // passed while the process was down
        hub.publish(new EventSent("late", "approval", "doc", "{}", null, deadline + 500, null, -1, ""));
        assertNull(hub.await("approval", "doc", deadline), "sent after the deadline: too late");
        hub.requeue(new EventSent("early", "approval", "doc", "{}", null, deadline - 500, null, -1, ""));
        assertEquals("early", hub.await("approval", "doc", deadline).eventId(), "sent before the deadline: delivered");
        assertEquals(
                "late",
                hub.await("approval", "doc", in(100)).eventId(),
                "the late event stays pending for the next wait");
    }

    @Test
    void requeuedEventsComeFirst() throws Exception {
        EventHub hub = new EventHub(clock);
        hub.publish(event("second", "doc"));
        hub.requeue(event("first", "doc"));
        assertEquals("first", hub.await("approval", "doc", in(100)).eventId());
    }

    @Test
    void interruptionEndsTheWait() {
        EventHub hub = new EventHub(clock);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> hub.await("approval", "doc", in(5_000)));
        assertEquals(0, hub.waiting());
    }

    @Test
    void aWallClockStepWhileWaitingNeitherEndsTheWaitEarlyNorStretchesIt() throws Throwable {
        EventHub hub = new EventHub(clock);
        Running<EventSent> wait = Running.start(() -> hub.await("approval", "doc", in(60_000)));
        clock.awaitWaiting(wait.thread());
        clock.stepWallClock(Duration.ofHours(1)); // the wall clock jumps past the deadline
        clock.advance(Duration.ofSeconds(59));
        long leftOnTheMonotonicClock = clock.awaitWaiting(wait.thread()) - clock.currentTimeMillis();
        assertEquals(1_000, leftOnTheMonotonicClock, "what was left of the deadline is waited, on the monotonic clock");
        clock.advance(Duration.ofSeconds(1));
        assertNull(wait.join());
    }
}
