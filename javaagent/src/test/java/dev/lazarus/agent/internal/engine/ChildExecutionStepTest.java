package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.StepRecorded;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A durable method called from a durable body: one step of the parent, an execution of its own. */
class ChildExecutionStepTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Child.java", 41);
    private static final TestSite FETCH = TestSite.of(World.Service.class, "fetch", "Child.java", 42);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Parent.java", 43);

    /** The child: one journaled call. */
    final class Child {
        final TestDurable summarize = TestDurable.of(Child.class, "summarize", -1);
        final World.Service service = world.new Service();
        final AtomicInteger bodies = new AtomicInteger();
        boolean fetchInstead;
        boolean hang;

        String summarize(String text) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) summarize.call(h.engine(), this, text);
            }
            bodies.incrementAndGet();
            String summary = "summary of " + (fetchInstead ? FETCH : FIND).call(h.engine(), service, text);
            return hang ? summary + HANG.call(h.engine(), service, text) : summary;
        }
    }

    /** The parent: calls the child, then hangs (the process dies there). */
    final class Parent {
        final TestDurable run = TestDurable.of(Parent.class, "run", 0);
        final World.Service service = world.new Service();
        final Child child = new Child();
        String summary;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            summary = child.summarize(topic);
            return summary + " / " + HANG.call(h.engine(), service, topic);
        }
    }

    @Test
    void theChildIsAnExecutionOfItsOwnAndOneStepOfItsParent() throws Throwable {
        Parent parent = new Parent();
        world.awaitHanging(h.start(() -> parent.run("t")));

        List<ExecutionStarted> started = h.records(ExecutionStarted.class);
        assertEquals(2, started.size());
        ExecutionStarted p = started.get(0);
        ExecutionStarted c = started.get(1);
        assertEquals(p.executionId(), c.parentId());
        assertEquals(p.executionId() + "/0", c.executionId(), "named after its position in the parent");
        StepRecorded parentStep = h.records(StepRecorded.class).stream()
                .filter(s -> s.executionId().equals(p.executionId()))
                .findFirst()
                .orElseThrow();
        assertEquals(0, parentStep.position());
        assertTrue(parentStep.callee().contains("Child.summarize("), parentStep.callee());
        assertEquals(ExecutionState.COMPLETED, h.index().get(c.executionId()).state);
    }

    @Test
    void aResumedParentTakesTheChildsOutcomeFromItsOwnStepWithoutRunningTheChild() throws Throwable {
        Parent parent = new Parent();
        world.awaitHanging(h.start(() -> parent.run("t")));
        String before = parent.summary;
        h.restart();

        parent.summary = null;
        world.awaitHanging(h.start(() -> parent.run("t")));

        assertEquals(before, parent.summary);
        assertEquals(1, parent.child.bodies.get(), "the child's body did not run again");
        assertEquals(1, world.calls("find", "t"));
    }

    @Test
    void aChildThatFinishedBeforeTheCrashButWhoseParentStepWasNotWrittenIsNotRunAgain() throws Throwable {
        Parent parent = new Parent();
        // the journal as a crash between the child's end and its parent's step leaves it
        DurableMethodInfo parentMethod = (DurableMethodInfo) h.engine()
                .resolveDurableMethod(
                        Parent.class, "run", "(Ljava/lang/String;)Ljava/lang/String;", false, "", 0, null);
        DurableMethodInfo childMethod = (DurableMethodInfo) h.engine()
                .resolveDurableMethod(
                        Child.class, "summarize", "(Ljava/lang/String;)Ljava/lang/String;", false, "", -1, null);
        ExecutionContext context = h.engine().context();
        byte[] args = context.codec().encode(new Object[] {"t"}, parentMethod.loader());
        context.append(new ExecutionStarted(
                "p-1",
                null,
                parentMethod.durableName,
                "t",
                true,
                Parent.class.getName(),
                "run",
                parentMethod.descriptor,
                false,
                args,
                1L));
        context.append(new ExecutionStarted(
                "p-1/0",
                "p-1",
                childMethod.durableName,
                "k",
                false,
                Child.class.getName(),
                "summarize",
                childMethod.descriptor,
                false,
                args,
                2L));
        context.append(new ExecutionFinished(
                "p-1/0",
                ExecutionState.COMPLETED,
                context.codec().encode("summary from before the crash", childMethod.loader()),
                3L));
        h.restart();

        world.awaitHanging(h.start(() -> parent.run("t")));

        assertEquals("summary from before the crash", parent.summary);
        assertEquals(0, parent.child.bodies.get());
        StepRecorded step = h.records(StepRecorded.class).get(0);
        assertEquals("p-1", step.executionId(), "the parent's step is written now");
    }

    @Test
    void aChildsDivergenceIsItsParentsToo() throws Throwable {
        Child child = new Child();
        child.hang = true; // the process dies inside the child, after its first call
        final class Outer {
            final TestDurable run = TestDurable.of(Outer.class, "run", 0);

            String run(String topic) throws Throwable {
                if (!h.engine().enterBody()) {
                    return (String) run.call(h.engine(), this, topic);
                }
                String summary = child.summarize(topic);
                return summary + FIND.call(h.engine(), child.service, "after the child");
            }
        }
        Outer outer = new Outer();
        world.awaitHanging(h.start(() -> outer.run("t")));
        h.restart();
        child.fetchInstead = true; // the child's code changed

        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> outer.run("t"));

        assertTrue(e.getMessage().contains("/0 of "), "the child diverged: " + e.getMessage());
        assertEquals(0, world.calls("find", "after the child"), "the parent did not go on");
        List<ExecutionDiverged> diverged = h.records(ExecutionDiverged.class);
        assertEquals(1, diverged.size(), "recorded once, on the child");
        assertTrue(diverged.get(0).executionId().endsWith("/0"));
    }
}
