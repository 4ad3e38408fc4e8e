package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.LazarusException;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Waiting is not poison: only a process that dies while an execution runs its own code counts against it. The
 * "process" is killed here as the harness kills it ({@link EngineHarness#crash}: the activity board stays as its
 * threads left it), with threads really in the body's own code, in a journaled call, in a wait or a timer, in a
 * child or a branch; the next engine reads the board, journals an {@code ExecutionCrashed} for an execution that
 * was in its own code, and gives an execution up (LAZ-401) once it crashed more than {@code maxRecoveries} times
 * without progress.
 */
class PoisonCheckTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Worker.java", 20);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Worker.java", 21);
    private static final TestSite SUBMIT =
            TestSite.of(ExecutorService.class, "submit", new Class<?>[] {Callable.class}, "Worker.java", 22);

    /** Where the worker's thread is when the process dies. */
    enum Where {
        OWN_CODE,
        IN_CALL,
        AWAITING,
        SLEEPING
    }

    /** The threads of the "process" besides the executions' own: shut down with it. */
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private void crash() throws InterruptedException {
        h.crash(() -> pools.forEach(ExecutorService::shutdownNow));
        pools.clear();
    }

    /** Makes {@code steps} journaled calls, then stops where the test says until the process dies. */
    final class Worker {
        final TestDurable run = TestDurable.of(Worker.class, "run", 0);
        final World.Service service = world.new Service();
        final Semaphore inOwnCode = new Semaphore(0);
        final AtomicInteger bodies = new AtomicInteger();
        volatile Where stopAt = Where.OWN_CODE;
        volatile int steps = 1;

        String run(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, key);
            }
            bodies.incrementAndGet();
            for (int i = 0; i < steps; i++) {
                FIND.call(h.engine(), service, key + "-" + i);
            }
            stop(h.engine(), service, stopAt, key, inOwnCode);
            return "done";
        }
    }

    /** Stops the calling thread at {@code where} until the process dies. */
    static void stop(Engine engine, World.Service service, Where where, String key, Semaphore inOwnCode)
            throws Throwable {
        switch (where) {
            case OWN_CODE:
                inOwnCode.release();
                Thread.sleep(Long.MAX_VALUE); // the body's own code, busy until the kill interrupts it
                break;
            case IN_CALL:
                HANG.call(engine, service, key);
                break;
            case AWAITING:
                engine.awaitEvent("go", key, String.class, Duration.ofDays(7));
                break;
            case SLEEPING:
                engine.sleep(Duration.ofDays(7));
                break;
            default:
                throw new AssertionError(where);
        }
    }

    /** Waits until the thread of {@code call} is where {@code where} says. */
    private void reached(Where where, Running<?> call, Semaphore inOwnCode) throws InterruptedException {
        switch (where) {
            case OWN_CODE:
                inOwnCode.acquire();
                break;
            case IN_CALL:
                world.awaitHanging(call);
                break;
            default:
                h.clock.awaitWaiting(call.thread());
        }
    }

    private String onlyExecution() {
        List<ExecutionStarted> started = h.records(ExecutionStarted.class);
        return started.get(0).executionId();
    }

    @Test
    void aProcessKilledWhileAnExecutionRunsItsOwnCodeIsThatExecutionsCrash() throws Throwable {
        Worker w = new Worker();
        w.steps = 2;
        Running<String> call = h.start(() -> w.run("k"));
        reached(Where.OWN_CODE, call, w.inOwnCode);
        String id = onlyExecution();

        crash();

        List<ExecutionCrashed> crashes = h.records(ExecutionCrashed.class);
        assertEquals(1, crashes.size(), "one crash, journaled by the next process");
        assertEquals(id, crashes.get(0).executionId());
        assertEquals(1, crashes.get(0).position(), "the last step its thread entered: the call at position 1");
        assertEquals(1, h.index().get(id).crashesWithoutProgress);
    }

    @ParameterizedTest
    @EnumSource(
            value = Where.class,
            names = {"IN_CALL", "AWAITING", "SLEEPING"})
    void aProcessKilledWhileAnExecutionWaitsOrCallsOutIsNotItsCrash(Where where) throws Throwable {
        Worker w = new Worker();
        w.stopAt = where;
        Running<String> call = h.start(() -> w.run("k"));
        reached(where, call, w.inOwnCode);
        String id = onlyExecution();

        crash();

        assertEquals(List.of(), h.records(ExecutionCrashed.class));
        assertEquals(0, h.index().get(id).crashesWithoutProgress);
    }

    @Test
    void aGracefulStopIsNobodysCrash() throws Throwable {
        Worker w = new Worker();
        Running<String> call = h.start(() -> w.run("k"));
        reached(Where.OWN_CODE, call, w.inOwnCode);

        h.restart(); // the board is marked clean, whatever the threads were doing

        assertEquals(List.of(), h.records(ExecutionCrashed.class));
    }

    @Test
    void aRestartAsSuchCountsForNothing() throws Throwable {
        Worker w = new Worker();
        w.stopAt = Where.AWAITING;
        Running<String> call = h.start(() -> w.run("k"));
        reached(Where.AWAITING, call, w.inOwnCode);
        String id = onlyExecution();
        for (int i = 0; i < 22; i++) { // killed and stopped in turn: 11 kills, more than maxRecoveries (10)
            if (i % 2 == 0) {
                crash();
            } else {
                h.restart();
            }
            call = h.start(() -> w.run("k"));
            reached(Where.AWAITING, call, w.inOwnCode);
        }
        assertEquals(List.of(), h.records(ExecutionCrashed.class));
        assertEquals(ExecutionState.RUNNING, h.index().get(id).state);

        h.engine().sendEvent("go", "k", "now");
        assertEquals("done", call.join());
        assertEquals(23, w.bodies.get(), "resumed after every restart");
    }

    @Test
    void progressResetsTheCount() throws Throwable {
        Worker w = new Worker();
        Running<String> call = h.start(() -> w.run("k"));
        reached(Where.OWN_CODE, call, w.inOwnCode);
        String id = onlyExecution();
        crash();
        call = h.start(() -> w.run("k"));
        reached(Where.OWN_CODE, call, w.inOwnCode);
        crash();
        assertEquals(2, h.index().get(id).crashesWithoutProgress, "twice in a row without progress");

        w.steps = 3; // the next run records two calls before it crashes the process again
        call = h.start(() -> w.run("k"));
        reached(Where.OWN_CODE, call, w.inOwnCode);
        crash();

        assertEquals(3, h.records(ExecutionCrashed.class).size());
        assertEquals(1, h.index().get(id).crashesWithoutProgress, "the calls it recorded reset the count");
    }

    @Test
    void anExecutionThatCrashesTheProcessMoreThanMaxRecoveriesTimesInARowIsFailed() throws Throwable {
        h.close();
        h = new EngineHarness(dir, "recover=manual,maxRecoveries=2");
        Worker w = new Worker();
        Running<String> call = h.start(() -> w.run("k"));
        reached(Where.OWN_CODE, call, w.inOwnCode);
        String id = onlyExecution();
        for (int recovery = 1; recovery <= 2; recovery++) {
            crash();
            assertEquals(ExecutionState.RUNNING, h.index().get(id).state, "crashed " + recovery + " times: resumed");
            call = h.start(() -> w.run("k"));
            reached(Where.OWN_CODE, call, w.inOwnCode);
        }

        crash(); // the first run and both recoveries died in its own code

        assertEquals(ExecutionState.FAILED, h.index().get(id).state);
        LazarusException poison = assertThrows(LazarusException.class, () -> w.run("k"));
        assertTrue(
                poison.getMessage().contains("LAZ-401") && poison.getMessage().contains("crashed the process 3 times"),
                poison.getMessage());
        assertEquals(3, w.bodies.get(), "its recorded failure answers; the body does not run again");
    }

    /** Calls a child that stops where the test says. */
    final class Parent {
        final TestDurable run = TestDurable.of(Parent.class, "run", 0);
        final Child child = new Child();

        String run(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, key);
            }
            return child.work(key);
        }
    }

    /** The child of {@link Parent}. */
    final class Child {
        final TestDurable work = TestDurable.of(Child.class, "work", 0);
        final World.Service service = world.new Service();
        final Semaphore inOwnCode = new Semaphore(0);
        volatile Where stopAt = Where.OWN_CODE;

        String work(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) work.call(h.engine(), this, key);
            }
            FIND.call(h.engine(), service, key);
            stop(h.engine(), service, stopAt, key, inOwnCode);
            return "done";
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Where.class,
            names = {"OWN_CODE", "IN_CALL"})
    void aChildsCrashIsItsTopLevelExecutions(Where where) throws Throwable {
        Parent p = new Parent();
        p.child.stopAt = where;
        Running<String> call = h.start(() -> p.run("k"));
        reached(where, call, p.child.inOwnCode);
        String parentId = onlyExecution();

        crash();

        List<ExecutionCrashed> crashes = h.records(ExecutionCrashed.class);
        if (where == Where.OWN_CODE) {
            assertEquals(1, crashes.size(), "the parent waited for its child, which ran its own code");
            assertEquals(parentId, crashes.get(0).executionId(), "counted where poison is judged: the top level");
            assertEquals(0, crashes.get(0).position(), "the parent's position: the child's step");
            assertEquals(1, h.index().get(parentId).crashesWithoutProgress);
        } else {
            assertEquals(List.of(), crashes, "the child was in a journaled call");
        }
    }

    /** Hands its work to a branch and waits for it with a plain {@code Future.get}, which the engine does not see. */
    final class Forker {
        final TestDurable run = TestDurable.of(Forker.class, "run", 0);
        final World.Service service = world.new Service();
        final Semaphore inOwnCode = new Semaphore(0);
        volatile Where stopAt = Where.OWN_CODE;

        @SuppressWarnings("unchecked")
        String run(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, key);
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pools.add(pool);
            Callable<String> task = () -> {
                try {
                    stop(h.engine(), service, stopAt, key, inOwnCode);
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
                return "done";
            };
            return ((Future<String>) SUBMIT.fork(h.engine(), pool, task)).get();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Where.class,
            names = {"OWN_CODE", "IN_CALL"})
    void aBranchsWorkIsItsExecutionsAndABranchOutsideExcusesABodyBlockedOnIt(Where where) throws Throwable {
        Forker f = new Forker();
        f.stopAt = where;
        Running<String> call = h.start(() -> f.run("k"));
        if (where == Where.OWN_CODE) {
            f.inOwnCode.acquire();
        } else {
            world.awaitHanging(call);
        }
        String id = onlyExecution();

        crash();

        List<ExecutionCrashed> crashes = h.records(ExecutionCrashed.class);
        if (where == Where.OWN_CODE) {
            assertEquals(1, crashes.size(), "the branch ran the execution's own code");
            assertEquals(id, crashes.get(0).executionId());
        } else {
            assertEquals(
                    List.of(),
                    crashes,
                    "the body was blocked on its branch's future, and the branch was in a journaled call");
        }
    }
}
