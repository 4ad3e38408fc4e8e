package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.LazarusException;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionState;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code cancel ID}, {@code retry ID} and {@code delete ID}, as the inbox carries them. */
class OperatorCommandsTest extends EngineTestBase {
    private int bodies;

    /** Waits a day for a go-ahead. */
    final class Job {
        final TestDurable run = TestDurable.of(Job.class, "run", 0);

        String run(String id) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, id);
            }
            bodies++;
            Optional<String> go = h.engine().awaitEvent("go", id, String.class, Duration.ofDays(1));
            return go.orElse("timed out");
        }
    }

    private String waitingExecution(Job job) throws Throwable {
        Running<String> call = h.start(() -> job.run("j"));
        h.clock.awaitWaiting(call.thread());
        return h.records(AwaitStarted.class).get(0).executionId();
    }

    @Test
    void cancelFinishesAWaitingExecutionAsFailedAndEndsItsWaitAtOnce() throws Throwable {
        Job job = new Job();
        Running<String> call = h.start(() -> job.run("j"));
        h.clock.awaitWaiting(call.thread());
        String id = h.records(AwaitStarted.class).get(0).executionId();

        h.engine().inboxSink().control("cancel", id);

        Throwable ended = call.joinFailure();
        assertInstanceOf(LazarusException.class, ended, "the wait ended without the clock moving");
        assertEquals(ExecutionState.FAILED, h.index().get(id).state);
        List<ExecutionFinished> finished = h.records(ExecutionFinished.class);
        assertEquals(1, finished.size(), "finished once, by the cancel");
        LazarusException answer = assertThrows(
                LazarusException.class, () -> job.run("j"), "an explicit key answers with the recorded outcome");
        assertTrue(answer.getMessage().startsWith("LAZ-402"), answer.getMessage());
        assertEquals(1, bodies, "and the body does not run again");
    }

    @Test
    void retryMakesACancelledExecutionUnfinishedAgainAndItResumes() throws Throwable {
        Job job = new Job();
        String id = waitingExecution(job);
        long deadline = h.records(AwaitStarted.class).get(0).deadlineMillis();
        h.engine().inboxSink().control("cancel", id);
        h.restart();

        h.engine().inboxSink().control("retry", id);
        assertEquals(1, h.records(ExecutionRetried.class).size());
        assertEquals(ExecutionState.RUNNING, h.index().get(id).state);
        Running<String> resumed = h.start(() -> job.run("j"));

        assertEquals(deadline, h.clock.awaitWaiting(resumed.thread()), "resumed: its wait replayed, not restarted");
        h.engine().sendEvent("go", "j", "go ahead");
        assertEquals("go ahead", resumed.join());
    }

    @Test
    void commandsForExecutionsTheyDoNotApplyToAndUnknownCommandsChangeNothing() throws Throwable {
        Job job = new Job();
        String id = waitingExecution(job);
        h.engine().inboxSink().control("retry", id); // running: nothing to retry
        h.engine().inboxSink().control("cancel", "no-such-execution");
        h.engine().inboxSink().control("pause", id);

        assertEquals(List.of(), h.records(ExecutionRetried.class));
        assertEquals(List.of(), h.records(ExecutionFinished.class));
        assertEquals(ExecutionState.RUNNING, h.index().get(id).state);
    }

    @Test
    void deleteForgetsAFinishedExecutionSoItsKeyStartsAfresh() throws Throwable {
        Job job = new Job();
        Running<String> call = h.start(() -> job.run("j"));
        h.clock.awaitWaiting(call.thread());
        String id = h.records(AwaitStarted.class).get(0).executionId();
        h.engine().inboxSink().delete(id, "too early"); // waiting: refused, it must be cancelled first
        assertEquals(List.of(), h.records(ExecutionDeleted.class));
        assertEquals(ExecutionState.RUNNING, h.index().get(id).state);

        h.engine().inboxSink().control("cancel", id);
        call.joinFailure(); // over: its thread has let go of the execution
        h.engine().inboxSink().delete(id, "ticket 7");
        h.engine().inboxSink().delete("no-such-execution", "");

        List<ExecutionDeleted> deleted = h.records(ExecutionDeleted.class);
        assertEquals(1, deleted.size());
        assertEquals(id, deleted.get(0).executionId());
        assertEquals("ticket 7", deleted.get(0).reason());
        assertEquals(null, h.index().get(id), "forgotten");
        Running<String> again = h.start(() -> job.run("j"));
        h.clock.awaitWaiting(again.thread());
        assertEquals(2, bodies, "the explicit key no longer answers with the deleted outcome: the body runs again");
    }

    @Test
    void aDeleteDroppedIntoTheInboxWhileTheApplicationWasDownIsCarriedOutAtTheNextStart() throws Throwable {
        Job job = new Job();
        String id = waitingExecution(job);
        h.engine().inboxSink().control("cancel", id);
        h.restart(); // the new engine ingests at its start, before anything is recovered

        Inbox.writeDelete(dir, id, "gdpr");
        h.restart();

        List<ExecutionDeleted> deleted = h.records(ExecutionDeleted.class);
        assertEquals(1, deleted.size(), "carried out once, however many starts read the inbox");
        assertEquals("gdpr", deleted.get(0).reason());
        try (var left = Files.list(dir.resolve("inbox"))) {
            assertEquals(0, left.count(), "the command was taken in");
        }
    }
}
