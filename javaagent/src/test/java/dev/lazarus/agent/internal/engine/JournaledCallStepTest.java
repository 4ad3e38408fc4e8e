package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.config.RetryPolicy;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.StepRecorded;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Journaled calls: recorded live, answered from the journal on replay, retried with a journaled back-off. */
class JournaledCallStepTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 11);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 12);
    private static final TestSite BROKEN = TestSite.of(World.Service.class, "broken", "Agent.java", 13);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    private static final TestSite FLAKY = TestSite.of(World.Service.class, "flaky", "Agent.java", 14)
            .retrying(RetryPolicy.of(3, FIRST_DELAY.toMillis() + "ms", "1m", 2.0, List.of(), List.of()));

    /** Finds, then asks a service that may hang (the process dies there) or fail. */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", 0);
        final World.Service service = world.new Service();
        String second = "hang";

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            String found = (String) FIND.call(h.engine(), service, topic);
            String more;
            try {
                more = (String) (second.equals("hang") ? HANG : BROKEN).call(h.engine(), service, topic);
            } catch (IOException e) {
                more = "recovered from " + e.getMessage();
            }
            return found + " / " + more;
        }
    }

    /** One call to a service that fails now and then, retried. */
    final class Retrying {
        final TestDurable run = TestDurable.of(Retrying.class, "run", 0);
        final World.Service service = world.new Service();

        String run(String query) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, query);
            }
            return (String) FLAKY.call(h.engine(), service, query);
        }
    }

    @Test
    void outsideAnExecutionTheCallIsPlainAndNothingIsJournaled() throws Throwable {
        assertEquals("found x #1", FIND.call(h.engine(), world.new Service(), "x"));
        assertEquals(List.of(), h.records(StepRecorded.class));
    }

    @Test
    void aResumedExecutionIsAnsweredFromTheJournalUpToWhereItStoppedAndThenRunsLive() throws Throwable {
        Agent agent = new Agent();
        world.awaitHanging(h.start(() -> agent.run("llamas")));
        StepRecorded first = h.records(StepRecorded.class).get(0);
        assertEquals(FIND.location(), first.callSite());

        h.restart();
        agent.second = "broken"; // the hanging call now fails: its exception is recorded and given to the body
        String result = agent.run("llamas");

        assertEquals(1, world.calls("find", "llamas"), "the recorded call did not run again");
        assertEquals(
                "found llamas #1 / recovered from broken llamas #1",
                result,
                "the first call's answer is the one recorded before the restart");
        List<StepRecorded> steps = h.records(StepRecorded.class);
        assertEquals(2, steps.size());
        assertTrue(steps.get(1).threw());
    }

    @Test
    void aRecordedExceptionIsThrownAgainOnReplayWithoutCallingTheService() throws Throwable {
        Agent agent = new Agent();
        agent.second = "broken";
        // a body that runs on after the failure and then hangs, so that the execution is unfinished
        final class Twice {
            final TestDurable run = TestDurable.of(Twice.class, "run", 0);

            String run(String topic) throws Throwable {
                if (!h.engine().enterBody()) {
                    return (String) run.call(h.engine(), this, topic);
                }
                String message;
                try {
                    BROKEN.call(h.engine(), agent.service, topic);
                    message = "no exception";
                } catch (IOException e) {
                    message = e.getMessage();
                }
                return message + " / " + HANG.call(h.engine(), agent.service, topic);
            }
        }
        Twice twice = new Twice();
        world.awaitHanging(h.start(() -> twice.run("t")));
        h.restart();

        Running<String> resumed = h.start(() -> twice.run("t"));
        world.awaitHanging(resumed);
        assertEquals(1, world.calls("broken", "t"), "replay threw the recorded exception; the service did not run");
        assertEquals(2, world.calls("hang", "t"), "the call in flight at the crash runs again");
        h.restart();
        assertTrue(resumed.joinFailure() != null);
    }

    @Test
    void aFailedAttemptIsRetriedWhenItsJournaledBackOffIsOver() throws Throwable {
        world.failNext(2);
        Retrying retrying = new Retrying();
        Running<String> call = h.start(() -> retrying.run("q"));

        long due = h.clock.awaitWaiting(call.thread());
        AttemptFailed firstFailure = h.records(AttemptFailed.class).get(0);
        assertEquals(1, firstFailure.attempt());
        assertEquals(firstFailure.nextAttemptAtMillis(), due, "the back-off waits until the journaled time");
        assertEquals(1, world.calls("flaky", "q"), "no second attempt before the back-off is over");

        h.clock.advance(FIRST_DELAY);
        long secondDue = h.clock.awaitWaiting(call.thread());
        assertEquals(2, world.calls("flaky", "q"));
        assertEquals(
                2 * FIRST_DELAY.toMillis(),
                secondDue - h.clock.currentTimeMillis(),
                "the second wait is the first times the multiplier");

        h.clock.advance(FIRST_DELAY.multipliedBy(2));
        assertEquals("answered q on call 3", call.join());
        StepRecorded step = h.records(StepRecorded.class).get(0);
        assertEquals(3, step.attempts());
        assertTrue(!step.threw());
    }

    @Test
    void aBackOffCutShortByARestartResumesWithOnlyWhatIsLeftOfIt() throws Throwable {
        world.failNext(1);
        Retrying retrying = new Retrying();
        Running<String> call = h.start(() -> retrying.run("q"));
        long due = h.clock.awaitWaiting(call.thread());

        h.restart();
        Duration down = Duration.ofSeconds(4);
        h.clock.advance(down); // the process was down for part of the back-off
        Running<String> resumed = h.start(() -> retrying.run("q"));

        long resumedDue = h.clock.awaitWaiting(resumed.thread());
        assertEquals(due, resumedDue, "the resumed back-off ends when the journaled one did");
        assertEquals(FIRST_DELAY.minus(down).toMillis(), resumedDue - h.clock.currentTimeMillis());
        assertEquals(1, world.calls("flaky", "q"), "the failed attempt is not repeated at once");

        h.clock.advance(FIRST_DELAY.minus(down));
        assertEquals("answered q on call 2", resumed.join());
        assertEquals(2, h.records(StepRecorded.class).get(0).attempts(), "attempts count across the restart");
    }

    @Test
    void withoutARetryPolicyAFailureIsTheOutcomeAtOnce() throws Throwable {
        Agent agent = new Agent();
        agent.second = "broken";
        assertEquals("found k #1 / recovered from broken k #1", agent.run("k"));
        assertEquals(List.of(), h.records(AttemptFailed.class));
        assertNull(h.engine().executionId(), "no execution is left on the thread");
        assertThrows(IllegalArgumentException.class, () -> TestSite.of(World.Service.class, "nothing", "A.java", 1));
    }
}
