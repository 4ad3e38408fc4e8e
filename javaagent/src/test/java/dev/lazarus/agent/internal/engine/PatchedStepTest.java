package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.record.StepRecorded;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code patched(id)}: the new path for executions that reach it live, the old one for older journals. */
class PatchedStepTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 31);
    private static final TestSite FETCH = TestSite.of(World.Service.class, "fetch", "Agent.java", 32);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 33);

    /** Version 1 finds; version 2 fetches instead, guarded by a patch. */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", 0);
        final World.Service service = world.new Service();
        boolean version2;
        Boolean patched;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            String first;
            if (version2 && (patched = h.engine().patched("fetch-instead"))) {
                first = (String) FETCH.call(h.engine(), service, topic);
            } else {
                first = (String) FIND.call(h.engine(), service, topic);
            }
            return first + " / " + HANG.call(h.engine(), service, topic);
        }
    }

    private List<String> callees() {
        return h.records(StepRecorded.class).stream().map(StepRecorded::callee).collect(Collectors.toList());
    }

    @Test
    void aJournalRecordedBeforeThePatchReplaysTheOldPath() throws Throwable {
        Agent agent = new Agent();
        world.awaitHanging(h.start(() -> agent.run("t")));
        h.restart();

        agent.version2 = true;
        world.awaitHanging(h.start(() -> agent.run("t")));

        assertFalse(agent.patched, "the journal predates the patch");
        assertEquals(1, world.calls("find", "t"), "the old path, answered from the journal");
        assertEquals(0, world.calls("fetch", "t"));
        assertEquals(1, callees().size(), "no marker is recorded in the middle of an old journal");
    }

    @Test
    void anExecutionThatReachesThePatchLiveTakesTheNewPathAndReplaysIt() throws Throwable {
        Agent agent = new Agent();
        agent.version2 = true;
        world.awaitHanging(h.start(() -> agent.run("t")));
        assertTrue(agent.patched);
        assertEquals("Lazarus.patched:fetch-instead", callees().get(0), "a marker step is recorded");
        h.restart();

        agent.patched = null;
        world.awaitHanging(h.start(() -> agent.run("t")));

        assertTrue(agent.patched, "the marker says the new path was taken");
        assertEquals(1, world.calls("fetch", "t"), "answered from the journal");
        assertEquals(0, world.calls("find", "t"));
    }

    @Test
    void outsideAnExecutionTheNewPathIsTaken() {
        assertTrue(h.engine().patched("anything"));
        assertEquals(List.of(), callees());
    }
}
