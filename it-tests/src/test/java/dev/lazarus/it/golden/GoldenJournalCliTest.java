package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.golden.GoldenInputs;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
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
 * names every record it holds by its type, {@code list} shows every execution (and no branch as one), and
 * {@code show} (with the application's classes) shows each execution's every step, the steps of its branches
 * (labelled by the branch, {@code ~2:0}, and keyed by it), every effect recorded inside a step and every step
 * journaled as recomputed, where the process died in an execution's own code, and reads every recorded value;
 * a deleted execution is neither listed nor shown. What the journals hold is read in-process through the
 * store's schema, so the expectations follow the journals.
 */
@ExtendWith(ChildJvms.class)
class GoldenJournalCliTest {
    /** States the generator is known to have left, by execution key. */
    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry(GoldenInputs.FAILING, "FAILED"),
            Map.entry(GoldenInputs.STEPS, "RUNNING"),
            Map.entry(GoldenInputs.WAITING, "WAITING"),
            Map.entry(GoldenInputs.EVENTS, "COMPLETED"),
            Map.entry(GoldenInputs.H_DIVERGED, "DIVERGED"),
            Map.entry(GoldenInputs.H_RETRIED, "COMPLETED"),
            Map.entry(GoldenInputs.FETCHED, "COMPLETED"),
            Map.entry(GoldenInputs.FETCH_HALTED, "RUNNING"),
            Map.entry(GoldenInputs.BRANCHED, "COMPLETED"),
            Map.entry(GoldenInputs.BRANCH_HALTED, "RUNNING"),
            Map.entry(GoldenInputs.L_STEPS, "RUNNING"),
            Map.entry(GoldenInputs.L_CRASHED, "RUNNING"),
            Map.entry(GoldenInputs.L_WAITING, "WAITING"));

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
            assertTrue(
                    list.stream().noneMatch(l -> l.contains(String.valueOf(BranchIds.FORK))),
                    "a branch is listed with its execution, never as one:\n" + list);
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
            // a deleted execution is listed nowhere and shown to no one, though its deletion is in the journal
            for (JournalRecord r : records) {
                if (r instanceof ExecutionDeleted d) {
                    assertTrue(
                            list.stream().noneMatch(l -> l.startsWith(d.executionId() + " ")),
                            d.executionId() + " is deleted:\n" + list);
                    ChildProcess show = ChildJvm.on(
                                    jdk, dir, "show-deleted-" + d.executionId().replace('/', '-'))
                            .jar(ItEnv.agentJar(), "show", "--journal", journal.toString(), d.executionId())
                            .allowStderr("^lazarus show: ")
                            .start();
                    assertEquals(2, show.awaitExit(Apps.EXIT), show.describe());
                    assertEquals(
                            List.of("lazarus show: no execution " + d.executionId() + " in this journal (see 'list')"),
                            show.stderr().stream()
                                    .filter(l -> l.startsWith("lazarus"))
                                    .toList(),
                            show.describe());
                }
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
            if (!mine(s, r)) {
                continue;
            }
            if (r instanceof ExecutionStep step) {
                String prefix = label(s, r, step.position()) + "  " + step.callSite();
                String key = r instanceof StepRecorded ? "key " + r.executionId() + "#" + step.position() : "";
                assertTrue(
                        show.stream().anyMatch(l -> l.stripLeading().startsWith(prefix) && l.contains(key)),
                        "step " + prefix + " " + key + " in:\n" + all);
            }
            if (r instanceof EffectRecorded e) {
                String prefix = label(s, r, e.position()) + "  " + e.callSite();
                String effect = "effect " + e.index() + " " + e.boundary();
                String request = e.request() + " -> ";
                assertTrue(
                        show.stream()
                                .anyMatch(l -> l.stripLeading().startsWith(prefix)
                                        && l.contains(effect)
                                        && l.contains(request)),
                        effect + " " + request + "at step " + prefix + " in:\n" + all);
            }
            if (r instanceof StepRecomputed c) {
                String prefix = label(s, r, c.position()) + "  " + c.callSite();
                String recomputed = "recomputed on replay, its " + c.effects() + " effect(s) answered from the journal";
                assertTrue(
                        show.stream().anyMatch(l -> l.stripLeading().startsWith(prefix) && l.contains(recomputed)),
                        "recomputed step " + prefix + " in:\n" + all);
            }
            if (r instanceof ExecutionCrashed c) {
                String died = "the process died at " + java.time.Instant.ofEpochMilli(c.atMillis())
                        + " while this execution ran its own code (after position " + c.position() + ")";
                assertTrue(all.contains(died), died + " in:\n" + all);
            }
            if (r instanceof ExecutionFinished f) {
                assertTrue(all.contains("finished   " + java.time.Instant.ofEpochMilli(f.finishedAtMillis())), all);
            }
        }
    }

    /** @return whether {@code r} is a record of execution {@code s} or of one of its branches */
    private static boolean mine(ExecutionStarted s, JournalRecord r) {
        return r.executionId() != null
                && (r.executionId().equals(s.executionId())
                        || s.executionId().equals(BranchIds.owner(r.executionId())));
    }

    /**
     * @return how {@code show} labels a step of {@code s} at {@code position}: the position, and for a step of a
     *     branch the part of the branch's id after the execution's before it ({@code ~2:0}, {@code ~6.1:0})
     */
    private static String label(ExecutionStarted s, JournalRecord r, int position) {
        return r.executionId().equals(s.executionId())
                ? String.valueOf(position)
                : r.executionId().substring(s.executionId().length()) + ":" + position;
    }

    private static List<String> cli(Jdk jdk, Path dir, String name, String... args) {
        ChildProcess p = ChildJvm.on(jdk, dir, name).jar(ItEnv.agentJar(), args).start();
        p.assertExit(0, Apps.EXIT);
        return p.stdout();
    }
}
