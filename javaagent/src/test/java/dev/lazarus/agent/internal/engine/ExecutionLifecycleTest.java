package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.RecoveryStarted;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a durable call does: start, answer (explicit keys), join, or resume an execution. */
class ExecutionLifecycleTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Orders.java", 71);
    private static final TestSite BROKEN = TestSite.of(World.Service.class, "broken", "Orders.java", 72);

    /** The same body, with an explicit key and with an implicit one. */
    final class Orders {
        final TestDurable place = TestDurable.of(Orders.class, "place", 0);
        final TestDurable quote = TestDurable.of(Orders.class, "quote", -1);
        final TestDurable ship = TestDurable.of(Orders.class, "ship", 0);
        final World.Service service = world.new Service();
        final AtomicInteger bodies = new AtomicInteger();
        boolean waitForGo;
        boolean fail;

        String place(String orderId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) place.call(h.engine(), this, orderId);
            }
            return body(orderId);
        }

        String quote(String item) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) quote.call(h.engine(), this, item);
            }
            return body(item);
        }

        String ship(String orderId, String address) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) ship.call(h.engine(), this, orderId, address);
            }
            bodies.incrementAndGet();
            Optional<String> go = h.engine().awaitEvent("go", orderId, String.class, Duration.ofHours(1));
            return (String)
                    FIND.call(h.engine(), service, orderId + " to " + address + " (" + go.orElse("no go") + ")");
        }

        private String body(String key) throws Throwable {
            bodies.incrementAndGet();
            if (waitForGo) {
                Optional<String> go = h.engine().awaitEvent("go", key, String.class, Duration.ofHours(1));
                key = key + " (" + go.orElse("no go") + ")";
            }
            if (fail) {
                BROKEN.call(h.engine(), service, key);
            }
            return (String) FIND.call(h.engine(), service, key);
        }
    }

    @Test
    void aFinishedExecutionWithAnExplicitKeyAnswersWithoutRunning() throws Throwable {
        Orders orders = new Orders();
        assertEquals("found o-1 #1", orders.place("o-1"));
        h.restart();

        assertEquals("found o-1 #1", orders.place("o-1"), "the recorded result");
        assertEquals(1, orders.bodies.get());
        assertEquals(1, h.records(ExecutionStarted.class).size(), "no new execution");
    }

    @Test
    void aFailedExecutionWithAnExplicitKeyThrowsItsRecordedExceptionAgain() throws Throwable {
        Orders orders = new Orders();
        orders.fail = true;
        IOException first = assertThrows(IOException.class, () -> orders.place("o-1"));
        h.restart();

        IOException again = assertThrows(IOException.class, () -> orders.place("o-1"));
        assertEquals(first.getMessage(), again.getMessage());
        assertEquals(1, world.calls("broken", "o-1"));
    }

    @Test
    void aFinishedExecutionWithAnImplicitKeyRunsAgain() throws Throwable {
        Orders orders = new Orders();
        assertEquals("found apples #1", orders.quote("apples"));
        assertEquals("found apples #2", orders.quote("apples"));
        assertEquals(2, h.records(ExecutionStarted.class).size());
    }

    @Test
    void aSecondCallerJoinsTheExecutionRunningWithTheSameIdentity() throws Throwable {
        Orders orders = new Orders();
        orders.waitForGo = true;
        Running<String> first = h.start(() -> orders.place("o-1"));
        h.clock.awaitWaiting(first.thread());
        Running<String> second = h.start(() -> orders.place("o-1"));
        while (second.thread().getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // it blocks on the running execution's outcome
        }

        h.engine().sendEvent("go", "o-1", "go");

        assertEquals("found o-1 (go) #1", first.join());
        assertEquals("found o-1 (go) #1", second.join(), "the same outcome");
        assertEquals(1, orders.bodies.get());
    }

    @Test
    void anUnfinishedExecutionIsResumedByTheFirstCallAfterARestart() throws Throwable {
        Orders orders = new Orders();
        orders.waitForGo = true;
        Running<String> first = h.start(() -> orders.place("o-1"));
        h.clock.awaitWaiting(first.thread());
        h.restart();

        Running<String> resumed = h.start(() -> orders.place("o-1"));
        h.clock.awaitWaiting(resumed.thread());
        h.engine().sendEvent("go", "o-1", "go");

        assertEquals("found o-1 (go) #1", resumed.join());
        assertEquals(1, h.records(ExecutionStarted.class).size());
        assertEquals(1, h.records(RecoveryStarted.class).size());
        assertNull(h.engine().executionId());
    }

    /**
     * The key names the execution: the application's call that resumes it with other arguments gets the execution
     * its journal holds, run with the arguments it was started with (as a finished one answers with its outcome),
     * not a body that goes on live with a request nobody made.
     */
    @Test
    void anUnfinishedExecutionResumedWithOtherArgumentsRunsWithItsOwn() throws Throwable {
        Orders orders = new Orders();
        Running<String> first = h.start(() -> orders.ship("o-1", "Paris"));
        h.clock.awaitWaiting(first.thread());
        h.restart();

        Running<String> resumed = h.start(() -> orders.ship("o-1", "Berlin"));
        h.clock.awaitWaiting(resumed.thread());
        h.engine().sendEvent("go", "o-1", "go");

        assertEquals("found o-1 to Paris (go) #1", resumed.join());
        assertEquals(0, world.calls("find", "o-1 to Berlin (go)"), "nothing asked for the other arguments");
        assertEquals(1, h.records(RecoveryStarted.class).size());
    }

    @Test
    void theFirstCallAfterACrashGetsTheExecutionRecoveryFinishedEvenWithAnImplicitKey() throws Throwable {
        Orders orders = new Orders();
        orders.waitForGo = true;
        Running<String> first = h.start(() -> orders.quote("apples"));
        h.clock.awaitWaiting(first.thread());
        h.restart();
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        h.engine().sendEvent("go", "apples", "go");
        // what automatic recovery does: call the method again on a thread of its own, resuming that execution
        Running<String> recovered = h.start(() -> {
            h.engine().context().thread().resumeExecutionId = id;
            return orders.quote("apples");
        });
        assertEquals("found apples (go) #1", recovered.join(), "recovery finished the execution");

        orders.waitForGo = false; // a new execution would answer at once, without the recorded "(go)"
        assertEquals(
                "found apples (go) #1",
                orders.quote("apples"),
                "the application's first call gets the outcome of the execution the crash left");
        assertEquals(1, h.records(ExecutionStarted.class).size(), "no new execution, nothing paid twice");
        assertEquals(2, orders.bodies.get(), "the body ran in the first process and in recovery only");
        assertEquals(1, world.calls("find", "apples (go)"), "the outside world saw the lookup once, made by recovery");
        assertEquals(0, world.calls("find", "apples"), "and no lookup of a fresh execution");

        assertEquals("found apples #1", orders.quote("apples"), "a later call starts a new execution");
        assertEquals(2, h.records(ExecutionStarted.class).size(), "as an implicit key's finished execution does");
        assertEquals(1, world.calls("find", "apples"), "which the outside world sees");
    }
}
