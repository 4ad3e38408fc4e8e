package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.StepRecorded;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The self-check mode ({@code selfcheck=replay}): every execution that finishes is replayed at once from its
 * journal, with every step answered from it and nothing written, and any difference is reported with a
 * stable code, the execution, its durable method and both call sites.
 */
class SelfCheckTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 31);
    private static final TestSite FETCH = TestSite.of(World.Service.class, "fetch", "Agent.java", 32);
    private static final TestSite BROKEN = TestSite.of(World.Service.class, "broken", "Agent.java", 33);

    /** State the fixtures read without journaling it: what a resume after a crash would see afresh. */
    static int counter;

    /** The harness of the running test, for the fixture whose receiver holds nothing but data. */
    static EngineHarness harness;

    @BeforeEach
    void selfCheckOn() throws InterruptedException {
        h.close();
        h = new EngineHarness(dir, "recover=manual,selfcheck=replay");
        harness = h;
        counter = 0;
    }

    /** A durable body; each test picks what it does besides its journaled calls. */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", -1);
        final World.Service service = world.new Service();
        /** What the body does: see the tests. */
        String shape = "deterministic";

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            switch (shape) {
                case "deterministic":
                    return FIND.call(h.engine(), service, topic) + " | " + FETCH.call(h.engine(), service, topic);
                case "counter in the result":
                    return FIND.call(h.engine(), service, topic) + " (run " + counter++ + ")";
                case "counter in the arguments":
                    return (String) FIND.call(h.engine(), service, topic + " " + counter++);
                case "one more call each time":
                    String answer = (String) FIND.call(h.engine(), service, topic);
                    if (counter++ > 0) {
                        answer += FETCH.call(h.engine(), service, topic);
                    }
                    return answer;
                case "one call fewer each time":
                    String first = (String) FIND.call(h.engine(), service, topic);
                    return counter++ == 0 ? first + FETCH.call(h.engine(), service, topic) : first;
                case "counter in the exception":
                    FIND.call(h.engine(), service, topic);
                    throw new IllegalStateException("gave up on attempt " + counter++);
                case "journaled failure":
                    return (String) BROKEN.call(h.engine(), service, topic);
                default:
                    throw new AssertionError(shape);
            }
        }
    }

    private SelfCheck selfCheck() {
        return h.engine().selfCheck();
    }

    private String onlyReport() {
        List<String> reports = selfCheck().reports();
        assertEquals(1, reports.size(), "one report: " + reports);
        assertEquals(1, selfCheck().failed());
        return reports.get(0);
    }

    private String executionId() {
        return h.records(ExecutionStarted.class).get(0).executionId();
    }

    @Test
    void aDeterministicBodyIsReplayedWithoutRunningAnythingAgainOrWritingAnything() throws Throwable {
        Agent agent = new Agent();

        String result = agent.run("t");

        assertEquals("found t #1 | page t #1", result);
        assertEquals(1, selfCheck().replayed(), "the finished execution was replayed");
        assertEquals(0, selfCheck().failed(), String.valueOf(selfCheck().reports()));
        assertEquals(1, world.calls("find", "t"), "the replay answered the calls from the journal");
        assertEquals(1, world.calls("fetch", "t"));
        assertEquals(
                List.of(ExecutionStarted.class, StepRecorded.class, StepRecorded.class, ExecutionFinished.class),
                recordTypes(),
                "the replay wrote nothing");
    }

    @Test
    void aJournaledFailureReplaysToTheSameException() throws Throwable {
        Agent agent = new Agent();
        agent.shape = "journaled failure";

        assertThrows(java.io.IOException.class, () -> agent.run("t"));

        assertEquals(1, selfCheck().replayed());
        assertEquals(0, selfCheck().failed(), String.valueOf(selfCheck().reports()));
        assertEquals(1, world.calls("broken", "t"));
    }

    @Test
    void aResultThatDependsOnUnjournaledStateIsReported() throws Throwable {
        Agent agent = new Agent();
        agent.shape = "counter in the result";

        String result = agent.run("t");

        assertEquals("found t #1 (run 0)", result, "the application gets the run's result, not the replay's");
        String report = onlyReport();
        assertTrue(report.startsWith("LAZ-601: self-check: execution " + executionId() + " of "), report);
        assertTrue(report.contains("SelfCheckTest$Agent.run(String)"), "names the durable method: " + report);
        assertTrue(report.contains("recorded \"found t #1 (run 0)\", replayed \"found t #1 (run 1)\""), report);
        assertTrue(report.contains(FIND.location()), "names where both runs last agreed: " + report);
        assertTrue(report.contains("called at SelfCheckTest.java:"), "names the application's call: " + report);
        assertEquals(ExecutionState.COMPLETED, h.index().get(executionId()).state, "the execution stays finished");
        assertEquals(List.of(), h.records(ExecutionDiverged.class));
    }

    @Test
    void aReplayThatAsksOtherArgumentsIsADivergenceNamingBothCallSitesAndIsNotJournaled() throws Throwable {
        Agent agent = new Agent();
        agent.shape = "counter in the arguments";

        assertEquals("found t 0 #1", agent.run("t"));

        String report = onlyReport();
        assertTrue(report.startsWith("LAZ-301: self-check: execution " + executionId()), report);
        assertTrue(report.contains("diverged at step 0"), report);
        assertTrue(report.contains("at " + FIND.location() + " with other arguments than recorded"), report);
        assertTrue(report.contains("the journal recorded "), report);
        assertEquals(List.of(), h.records(ExecutionDiverged.class), "the replay's divergence is not journaled");
        assertEquals(ExecutionState.COMPLETED, h.index().get(executionId()).state);
        assertEquals(0, world.calls("find", "t 1"), "the replay's call did not run");
    }

    @Test
    void aReplayThatNeedsALiveStepIsReportedAndStoppedBeforeTheStepRuns() throws Throwable {
        Agent agent = new Agent();
        agent.shape = "one more call each time";

        assertEquals("found t #1", agent.run("t"));

        String report = onlyReport();
        assertTrue(report.startsWith("LAZ-603: self-check: execution " + executionId()), report);
        assertTrue(
                report.contains("asked step 1, dev.lazarus.agent.internal.engine.World$Service.fetch at "
                        + FETCH.location() + ", past the end of the journal"),
                report);
        assertTrue(report.contains("the run's last step was 0, "), report);
        assertTrue(report.contains("at " + FIND.location()), "names the run's last call site: " + report);
        assertEquals(0, world.calls("fetch", "t"), "the step past the journal did not run");
        assertEquals(
                List.of(ExecutionStarted.class, StepRecorded.class, ExecutionFinished.class),
                recordTypes(),
                "the replay wrote nothing");
    }

    @Test
    void aReplayThatEndsBeforeAskingEveryJournaledStepIsADivergence() throws Throwable {
        Agent agent = new Agent();
        agent.shape = "one call fewer each time";

        assertEquals("found t #1page t #1", agent.run("t"));

        String report = onlyReport();
        assertTrue(report.startsWith("LAZ-301: self-check: execution " + executionId()), report);
        assertTrue(report.contains("the replay ended after 1 step(s), the last "), report);
        assertTrue(report.contains("at " + FIND.location() + ", where the run went on to step 1, "), report);
        assertTrue(report.contains("World$Service.fetch at " + FETCH.location()), report);
    }

    /** Memoizes its label in a transient field, as commons-lang3's Fraction does its toString. */
    static final class Label {
        final String text;
        transient String cached;

        Label(String text) {
            this.text = text;
        }

        String render() throws Throwable {
            if (!harness.engine().enterBody()) {
                return (String) RENDER.call(harness.engine(), this);
            }
            if (cached == null) {
                cached = (String) SHOUT.call(harness.engine(), null, text); // a journaled call, made once per label
            }
            return cached;
        }

        static String shout(String s) {
            return s.toUpperCase(java.util.Locale.ROOT) + "!";
        }
    }

    private static final TestDurable RENDER = TestDurable.of(Label.class, "render", -1);
    private static final TestSite SHOUT = TestSite.of(Label.class, "shout", "Label.java", 12);

    @Test
    void aCopiedReceiverKeepsItsTransientStateSoAMemoizedPathReplaysAsItRan() throws Throwable {
        Label label = new Label("hi");

        assertEquals("HI!", label.render());
        assertEquals("HI!", label.render()); // memoized: this execution journals no step

        assertEquals(2, selfCheck().replayed());
        assertEquals(0, selfCheck().failed(), String.valueOf(selfCheck().reports()));
    }

    @Test
    void anotherExceptionIsReported() throws Throwable {
        Agent agent = new Agent();
        agent.shape = "counter in the exception";

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> agent.run("t"));

        assertEquals("gave up on attempt 0", e.getMessage(), "the caller gets the run's exception");
        String report = onlyReport();
        assertTrue(report.startsWith("LAZ-602: self-check: execution " + executionId()), report);
        assertTrue(
                report.contains("message: recorded \"gave up on attempt 0\", replayed \"gave up on attempt 1\""),
                report);
        assertTrue(report.contains("SelfCheckTest.java:"), "names where each was thrown: " + report);
    }

    /** A durable object whose state is plain data: the body changes it. */
    static final class Notebook {
        static final TestDurable NOTE = TestDurable.of(Notebook.class, "note", -1);
        final List<String> lines = new ArrayList<>();

        int note(String line) throws Throwable {
            if (!harness.engine().enterBody()) {
                return (Integer) NOTE.call(harness.engine(), this, line);
            }
            lines.add(line);
            return lines.size();
        }
    }

    @Test
    void aBodyThatChangesItsReceiverIsReplayedOnACopyOfItAsItWasWhenTheExecutionStarted() throws Throwable {
        Notebook notebook = new Notebook();

        assertEquals(1, notebook.note("first"));
        assertEquals(2, notebook.note("second"));

        assertEquals(List.of("first", "second"), notebook.lines, "the replays' changes went to copies");
        assertEquals(2, selfCheck().replayed());
        assertEquals(
                0,
                selfCheck().failed(),
                "each replay started where its run did: " + selfCheck().reports());
    }

    private static final TestDurable CENTS = TestDurable.of(Money.class, "cents", -1);
    private static final TestDurable TWICE = TestDurable.of(Money.class, "twice", -1);

    /** A value whose own equals calls one of its durable methods, as commons-lang3's Fraction does. */
    static final class Money {
        final long amount;

        Money(long amount) {
            this.amount = amount;
        }

        long cents() throws Throwable {
            if (!harness.engine().enterBody()) {
                return (Long) CENTS.call(harness.engine(), this);
            }
            return amount;
        }

        Money twice() throws Throwable {
            if (!harness.engine().enterBody()) {
                return (Money) TWICE.call(harness.engine(), this);
            }
            return new Money(amount * 2);
        }

        @Override
        public boolean equals(Object o) {
            try {
                return o instanceof Money && ((Money) o).cents() == cents();
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public int hashCode() {
            return Long.hashCode(amount);
        }
    }

    @Test
    // without the seal this recursed without end (each copy's equals started an execution, checked by another
    // copy): a separate thread lets the guard end the test instead of waiting on it
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theChecksOwnUseOfApplicationCodeNeverBecomesAnExecutionOrAStep() throws Throwable {
        Money doubled = new Money(150).twice();

        assertEquals(300, doubled.amount);
        assertEquals(1, h.records(ExecutionStarted.class).size(), "copying and comparing ran no execution");
        assertEquals(1, selfCheck().replayed());
        assertEquals(0, selfCheck().failed(), String.valueOf(selfCheck().reports()));
    }

    private static final TestDurable COUNT = TestDurable.of(Shelf.Reader.class, "count", -1);

    /** Plain data, and an inner class whose enclosing instance the codec does not journal. */
    static final class Shelf {
        final List<String> books = new ArrayList<>(List.of("a", "b"));

        final class Reader {
            int count() throws Throwable {
                if (!harness.engine().enterBody()) {
                    return (Integer) COUNT.call(harness.engine(), this);
                }
                return books.size();
            }
        }
    }

    @Test
    void aReceiverTheCodecCannotCopyFaithfullyIsReplayedAsItIs() throws Throwable {
        Shelf.Reader reader = new Shelf().new Reader();

        assertEquals(2, reader.count());

        assertEquals(1, selfCheck().replayed());
        assertEquals(
                0,
                selfCheck().failed(),
                "a copy without its enclosing shelf is not replayed on: "
                        + selfCheck().reports());
    }

    /** A parent whose body calls another durable method: the child is checked as an execution of its own. */
    final class Parent {
        final TestDurable run = TestDurable.of(Parent.class, "run", -1);
        final Agent child = new Agent();

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            return "[" + child.run(topic) + "]";
        }
    }

    @Test
    void aChildExecutionIsCheckedOnItsOwnAndAnsweredFromItsParentsJournalInTheParentsReplay() throws Throwable {
        Parent parent = new Parent();

        assertEquals("[found t #1 | page t #1]", parent.run("t"));

        assertEquals(2, selfCheck().replayed(), "the child when it finished, then the parent");
        assertEquals(0, selfCheck().failed(), String.valueOf(selfCheck().reports()));
        assertEquals(1, world.calls("find", "t"));
    }

    @Test
    void offByDefault() throws Throwable {
        try (EngineHarness plain = new EngineHarness(dir.resolve("plain"))) {
            assertNull(plain.engine().selfCheck(), "nothing of the mode exists unless asked for");
        }
    }

    private List<Class<?>> recordTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (JournalRecord r : h.records()) {
            types.add(r.getClass());
        }
        return types;
    }
}
