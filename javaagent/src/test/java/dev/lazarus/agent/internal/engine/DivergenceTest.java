package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay checks that the code asks the same things in the same order: a mismatch raises LAZ-301 naming both
 * call sites and the position, and the execution is kept as DIVERGED, to be resumed by fixed code.
 */
class DivergenceTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 21);
    private static final TestSite FETCH = TestSite.of(World.Service.class, "fetch", "Agent.java", 22);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 23);

    /** Deployments of the same durable method: what it asks first is what changes between them. */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", 0);
        final World.Service service = world.new Service();
        boolean fetchFirst;
        String suffix = "";
        boolean ignoreDivergence;
        NonDeterminismException swallowed;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            String first;
            try {
                first = fetchFirst
                        ? (String) FETCH.call(h.engine(), service, topic)
                        : (String) FIND.call(h.engine(), service, topic + suffix);
            } catch (NonDeterminismException e) {
                if (!ignoreDivergence) {
                    throw e;
                }
                swallowed = e;
                first = "ignored"; // a body that swallows the divergence may not go on
            }
            return first + " / " + HANG.call(h.engine(), service, topic);
        }
    }

    /** Runs the first deployment until the process dies in its second call, and restarts. */
    private Agent crashedAfterTheFirstCall(String topic) throws Throwable {
        Agent agent = new Agent();
        world.awaitHanging(h.start(() -> agent.run(topic)));
        h.restart();
        return agent;
    }

    @Test
    void aDifferentCalleeAtARecordedPositionDivergesNamingBothCallSites() throws Throwable {
        Agent agent = crashedAfterTheFirstCall("t");
        agent.fetchFirst = true;

        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> agent.run("t"));

        assertTrue(e.getMessage().startsWith("LAZ-301: "), e.getMessage());
        assertTrue(e.getMessage().contains("at step 0"), e.getMessage());
        assertTrue(e.getMessage().contains(FETCH.location()), "names the call the code makes now: " + e.getMessage());
        assertTrue(e.getMessage().contains(FIND.location()), "names the recorded call: " + e.getMessage());
        assertEquals(0, world.calls("fetch", "t"), "the new call did not run");
        String id = h.records(ExecutionDiverged.class).get(0).executionId();
        assertEquals(ExecutionState.DIVERGED, h.index().get(id).state);
        assertEquals(List.of(), h.records(ExecutionFinished.class), "kept, not finished");
    }

    @Test
    void theSameCalleeAskedOtherArgumentsDiverges() throws Throwable {
        Agent agent = crashedAfterTheFirstCall("t");
        agent.suffix = " (reworded)";

        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> agent.run("t"));

        assertTrue(e.getMessage().contains("with other arguments than recorded"), e.getMessage());
        assertEquals(1, world.calls("find", "t"));
        assertEquals(0, world.calls("find", "t (reworded)"));
    }

    @Test
    void aDivergedExecutionIsKeptAndResumedByCodeThatAsksWhatWasRecorded() throws Throwable {
        Agent agent = crashedAfterTheFirstCall("t");
        agent.fetchFirst = true;
        assertThrows(NonDeterminismException.class, () -> agent.run("t"));
        h.restart();

        agent.fetchFirst = false; // the fix is deployed
        world.awaitHanging(h.start(() -> agent.run("t")));

        assertEquals(1, world.calls("find", "t"), "replayed from the journal: the diverged execution resumed");
        assertEquals(2, world.calls("hang", "t"), "and went on live where it had stopped");
    }

    @Test
    void aBodyThatSwallowsTheDivergenceCannotFinishTheExecution() throws Throwable {
        Agent agent = crashedAfterTheFirstCall("t");
        agent.fetchFirst = true;
        agent.ignoreDivergence = true;

        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> agent.run("t"));

        assertSame(agent.swallowed, e, "the divergence is the execution's outcome");
        assertEquals(1, world.calls("hang", "t"), "the call after the divergence did not run");
        assertEquals(List.of(), h.records(ExecutionFinished.class));
    }
}
