package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.golden.GoldenInputs;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.StepRecomputed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent jar's command line on the golden journals of every format: {@code verify} finds each sound and
 * names every record it holds by its type, {@code list} shows every execution, and {@code show} (with the
 * application's classes) shows each execution's every step, every effect recorded inside a step and every step
 * journaled as recomputed, and reads every recorded value. What the journals hold is read in-process
 * through the store's schema, so the expectations follow the journals.
 */
@ExtendWith(ChildJvms.class)
class GoldenJournalCliTest {
    /** States the generator is known to have left, by execution key. */
    private static final Map<String, String> STATES = Map.of(
            GoldenInputs.FAILING,
            "FAILED",
            GoldenInputs.STEPS,
            "RUNNING",
            GoldenInputs.WAITING,
            "WAITING",
            GoldenInputs.EVENTS,
            "COMPLETED",
            GoldenInputs.H_DIVERGED,
            "DIVERGED",
            GoldenInputs.H_RETRIED,
            "COMPLETED",
            GoldenInputs.FETCHED,
            "COMPLETED",
            GoldenInputs.FETCH_HALTED,
            "RUNNING");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void verifyListAndShowReadEveryGoldenJournal(Jdk jdk, @TempDir Path dir) {
        for (String scenario : GoldenJournals.SCENARIOS) {
            Path journal = GoldenJournals.copy(scenario, dir.resolve(scenario));
            List<JournalRecord> records = GoldenJournals.records(journal);
            String name = scenario.replace('/', '-');

            String verify =
                    String.join("\n", cli(jdk, dir, name + "-verify", "verify", "--journal", journal.toString()));
            assertTrue(verify.contains(": sound"), verify);
            Map<String, Long> byType = new TreeMap<>();
            records.forEach(r -> byType.merge(RecordType.of(r).label(), 1L, Long::sum));
            byType.forEach(
                    (type, n) -> assertTrue(verify.contains(type + " " + n), type + " " + n + " in:\n" + verify));
            assertFalse(verify.contains("unknown"), verify);

            List<String> list = cli(jdk, dir, name + "-list", "list", "--journal", journal.toString());
            for (ExecutionStarted s : GoldenJournals.starts(records)) {
                String line = list.stream()
                        .filter(l -> l.startsWith(s.executionId() + " "))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(s.executionId() + " is not listed:\n" + list));
                assertTrue(line.contains(s.durableName()) && line.contains(s.key()), line);
                if (s.parentId() == null && STATES.containsKey(s.key())) {
                    assertTrue(line.contains(" " + STATES.get(s.key()) + " "), s.key() + ": " + line);
                }
                assertShows(jdk, dir, journal, s, records);
            }
        }
    }

    private static void assertShows(Jdk jdk, Path dir, Path journal, ExecutionStarted s, List<JournalRecord> records) {
        List<String> show = cli(
                jdk,
                dir,
                "show-" + s.executionId().replace('/', '-'),
                "show",
                "--journal",
                journal.toString(),
                "--classpath",
                ItEnv.appClasses().toString(),
                s.executionId());
        String all = String.join("\n", show);
        assertTrue(show.get(0).equals("execution  " + s.executionId()), all);
        assertFalse(all.contains(" bytes: LAZ-"), "every value reads with the application's classes:\n" + all);
        for (JournalRecord r : records) {
            if (r instanceof ExecutionStep step && s.executionId().equals(r.executionId())) {
                String prefix = String.format("%4d  %s", step.position(), step.callSite());
                assertTrue(show.stream().anyMatch(l -> l.startsWith(prefix)), "step " + prefix + " in:\n" + all);
            }
            if (r instanceof EffectRecorded e && s.executionId().equals(r.executionId())) {
                String prefix = String.format("%4d  %s", e.position(), e.callSite());
                String effect = "effect " + e.index() + " " + e.boundary();
                String request = e.request() + " -> ";
                assertTrue(
                        show.stream().anyMatch(l -> l.startsWith(prefix) && l.contains(effect) && l.contains(request)),
                        effect + " " + request + "at step " + prefix + " in:\n" + all);
            }
            if (r instanceof StepRecomputed c && s.executionId().equals(r.executionId())) {
                String prefix = String.format("%4d  %s", c.position(), c.callSite());
                String recomputed = "recomputed on replay, its " + c.effects() + " effect(s) answered from the journal";
                assertTrue(
                        show.stream().anyMatch(l -> l.startsWith(prefix) && l.contains(recomputed)),
                        "recomputed step " + prefix + " in:\n" + all);
            }
            if (r instanceof ExecutionFinished f && s.executionId().equals(r.executionId())) {
                assertTrue(all.contains("finished   " + java.time.Instant.ofEpochMilli(f.finishedAtMillis())), all);
            }
        }
    }

    private static List<String> cli(Jdk jdk, Path dir, String name, String... args) {
        ChildProcess p = ChildJvm.on(jdk, dir, name).jar(ItEnv.agentJar(), args).start();
        p.assertExit(0, Apps.EXIT);
        return p.stdout();
    }
}
