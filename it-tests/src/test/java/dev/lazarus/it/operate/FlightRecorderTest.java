package dev.lazarus.it.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observability (docs/SPEC.md §9.2): a JFR recording of a process that resumes a killed execution holds the agent's
 * events — the replayed calls and the live ones, with callee, call site and duration, and the execution's run.
 */
@ExtendWith(ChildJvms.class)
class FlightRecorderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aRecordingShowsReplayedAndLiveCallsAndTheResumedExecution(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = ChildJvm.on(Jdk.find(17), dir, "first")
                .agent("journal=" + journal, "recover=manual")
                .classpath(ItEnv.appClasspath())
                .ledger(ledger.path())
                .blockAt("step:jfr:3")
                .main(StepsApp.class, "call", "jfr", "4")
                .start();
        first.awaitStdout("^BLOCKED step:jfr:3$", WAIT);
        first.kill();

        Path recording = dir.resolve("resume.jfr");
        ChildJvm.on(Jdk.find(17), dir, "second")
                .agent("journal=" + journal, "recover=manual")
                .jvmFlag("-XX:StartFlightRecording=filename=" + recording + ",settings=profile")
                .allowStderr("Started recording", "Use jcmd", "jcmd .* JFR\\.dump")
                .classpath(ItEnv.appClasspath())
                .ledger(ledger.path())
                .main(StepsApp.class, "call", "jfr", "4")
                .start()
                .assertExit(0, WAIT);

        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        List<RecordedEvent> calls = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.lazarus.JournaledCall"))
                .collect(Collectors.toList());
        List<String> replayed = calls.stream()
                .filter(e -> e.getBoolean("replayed"))
                .map(e -> e.getString("callee") + "#" + e.getInt("position"))
                .collect(Collectors.toList());
        List<String> live = calls.stream()
                .filter(e -> !e.getBoolean("replayed"))
                .map(e -> e.getString("callee") + "#" + e.getInt("position"))
                .collect(Collectors.toList());
        assertEquals(List.of("StepService.step#0", "StepService.step#1"), replayed, "steps 1-2 came from the journal");
        assertEquals(
                List.of("StepService.step#2", "StepService.step#3", "Publisher.publish#4"),
                live,
                "step 3 (in flight at the kill), step 4 and the publish ran live");
        for (RecordedEvent e : calls) {
            assertTrue(e.getString("callSite").matches("StepsApp\\.java:\\d+"), e.toString());
        }
        assertTrue(
                calls.stream()
                        .filter(e -> !e.getBoolean("replayed"))
                        .allMatch(e ->
                                !e.getDuration().isNegative() && e.getDuration().toNanos() > 0),
                "live calls are timed");

        List<RecordedEvent> runs = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.lazarus.Execution"))
                .collect(Collectors.toList());
        assertEquals(1, runs.size(), runs.toString());
        RecordedEvent run = runs.get(0);
        assertTrue(run.getBoolean("resumed"));
        assertEquals(2, run.getInt("replayedSteps"));
        assertEquals("COMPLETED", run.getString("outcome"));
        assertTrue(run.getString("durableName").endsWith("StepsApp#run(String,int)"), run.toString());
    }
}
