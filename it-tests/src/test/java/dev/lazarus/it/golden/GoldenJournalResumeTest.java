package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.golden.GoldenApp;
import dev.lazarus.it.apps.golden.GoldenHttpServer;
import dev.lazarus.it.apps.golden.GoldenInputs;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent of this version resumes the golden journals of every format that left executions unfinished, with
 * their outside world as it was when the generator halted (the committed ledger). The executions it left
 * unfinished complete with the very results of a run that never crashed, the finished ones answer from the
 * journal, and the outside world sees, per execution, exactly the calls the golden journal had not recorded
 * yet: what it had seen before the halt plus what it sees now is what the uncrashed run made it see.
 */
@ExtendWith(ChildJvms.class)
class GoldenJournalResumeTest {
    /** The keys of the executions the generator left unfinished. */
    private static final List<String> UNFINISHED =
            List.of(GoldenInputs.STEPS, GoldenInputs.RETRYING, GoldenInputs.PARENT, GoldenInputs.WAITING);
    /** The warning that a journaled call's result is not plain data, so the call is journaled as recomputed. */
    private static final String RECOMPUTED_WARNING = "LAZ-208";
    /** The keys of the finished executions the resumed application calls again. */
    private static final List<String> FINISHED =
            List.of(GoldenInputs.FAILURES, GoldenInputs.FAMILY, GoldenInputs.EVENTS, GoldenInputs.FAILING);

    /** {@code basics}, written by the first released format's agent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void unfinishedExecutionsCompleteAsIfNothingHadCrashed(Jdk jdk, @TempDir Path dir) {
        Path fresh = dir.resolve("uncrashed");
        LedgerFile uncrashedLedger = new LedgerFile(fresh.resolve("ledger.txt"));
        ChildProcess uncrashed = Apps.durable(
                        jdk, fresh, "uncrashed", fresh.resolve("journal"), uncrashedLedger, "recover=manual")
                .main(GoldenApp.class, "basics-uncrashed")
                .start();
        uncrashed.assertExit(0, Apps.EXIT);

        Path copy = dir.resolve("golden-copy");
        Path journal = GoldenJournals.copy(GoldenJournals.BASICS, copy);
        LedgerFile ledger = new LedgerFile(copy.resolve("ledger.txt"));
        List<LedgerFile.Entry> beforeHalt = ledger.entries();
        ChildProcess resumed = Apps.durable(
                        jdk, copy, "resumed", journal, ledger, "recover=manual", GoldenJournals.KEEP_FINISHED)
                .main(GoldenApp.class, "basics-resume")
                .start();
        resumed.assertExit(0, Apps.EXIT);

        List<String> results = outcomes(resumed);
        assertEquals(UNFINISHED.size() + FINISHED.size() + 1, results.size(), resumed.describe());
        assertEquals(
                outcomes(uncrashed).stream()
                        .filter(l -> !l.contains(" values:"))
                        .toList(),
                results,
                "every flow the resumed application called returns what it returns in a run that never crashed");

        List<LedgerFile.Entry> after = ledger.entries();
        assertEquals(beforeHalt, after.subList(0, beforeHalt.size()), "the outside world's past is untouched");
        List<LedgerFile.Entry> resumedCalls = after.subList(beforeHalt.size(), after.size());
        for (String key : UNFINISHED) {
            List<LedgerFile.Entry> expected = of(uncrashedLedger.entries(), key);
            List<LedgerFile.Entry> seen = new ArrayList<>(of(beforeHalt, key));
            assertFalse(seen.isEmpty(), key + " had made calls before the halt");
            seen.addAll(of(resumedCalls, key));
            assertEquals(
                    expected,
                    seen,
                    key + ": the calls recorded before the halt must not run again, the others"
                            + " must run once\nresumed run's calls:\n" + resumedCalls);
        }
        for (String key : FINISHED) {
            assertEquals(
                    List.of(), of(resumedCalls, key), key + " finished before the halt: answered from the journal");
        }

        // the retried call went on from the attempt the golden journal recorded as failed, not from attempt 1
        String retrying = GoldenJournals.starts(GoldenJournals.records(journal)).stream()
                .filter(s -> s.key().equals(GoldenInputs.RETRYING))
                .findFirst()
                .orElseThrow()
                .executionId();
        StepRecorded flaky = GoldenJournals.records(journal).stream()
                .filter(StepRecorded.class::isInstance)
                .map(StepRecorded.class::cast)
                .filter(s -> s.executionId().equals(retrying) && s.position() == 1)
                .findFirst()
                .orElseThrow();
        assertEquals(2, flaky.attempts(), "attempt 1 failed before the halt; attempt 2 succeeded after it");
    }

    /**
     * The agent of this version resumes the golden journal {@code effects} (format v2), with the outside world
     * (a {@link GoldenHttpServer} this test starts, writing to a copy of the committed ledger) as it was when
     * the generator halted inside a journaled call, after that call's first exchange. Resuming, the body's own
     * exchange and the call recomputed before the halt are answered from the journal, the halted call runs
     * again with its first exchange answered, and the server sees only the exchange that had not happened.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void effectsJournaledBeforeTheHaltAreNotMadeAgain(Jdk jdk, @TempDir Path dir) throws IOException {
        Path fresh = Files.createDirectories(dir.resolve("uncrashed"));
        LedgerFile uncrashedLedger = new LedgerFile(fresh.resolve("ledger.txt"));
        ChildProcess uncrashed;
        try (GoldenHttpServer server = GoldenHttpServer.start(uncrashedLedger.path())) {
            uncrashed = Apps.durable(
                            jdk, fresh, "uncrashed", fresh.resolve("journal"), uncrashedLedger, "recover=manual")
                    .allowStderr(RECOMPUTED_WARNING)
                    .main(GoldenApp.class, "effects-uncrashed", String.valueOf(server.port()))
                    .start();
            uncrashed.assertExit(0, Apps.EXIT);
        }

        Path copy = dir.resolve("golden-copy");
        Path journal = GoldenJournals.copy(GoldenJournals.EFFECTS, copy);
        LedgerFile ledger = new LedgerFile(copy.resolve("ledger.txt"));
        List<LedgerFile.Entry> beforeHalt = ledger.entries();
        List<JournalRecord> golden = GoldenJournals.records(journal);
        ChildProcess resumed;
        try (GoldenHttpServer server = GoldenHttpServer.start(ledger.path())) {
            resumed = Apps.durable(
                            jdk, copy, "resumed", journal, ledger, "recover=manual", GoldenJournals.KEEP_FINISHED)
                    .allowStderr(RECOMPUTED_WARNING)
                    .main(GoldenApp.class, "effects-resume", String.valueOf(server.port()))
                    .start();
            resumed.assertExit(0, Apps.EXIT);
        }

        List<String> results = outcomes(resumed);
        assertEquals(2, results.size(), resumed.describe());
        assertEquals(outcomes(uncrashed), results, "the fetches return what they return in a run that never crashed");

        List<LedgerFile.Entry> after = ledger.entries();
        assertEquals(beforeHalt, after.subList(0, beforeHalt.size()), "the outside world's past is untouched");
        List<LedgerFile.Entry> resumedCalls = after.subList(beforeHalt.size(), after.size());
        assertEquals(
                List.of(),
                ofPath(resumedCalls, GoldenInputs.FETCHED),
                "finished before the halt: answered from the journal");
        List<LedgerFile.Entry> seen = new ArrayList<>(ofPath(beforeHalt, GoldenInputs.FETCH_HALTED));
        assertFalse(seen.isEmpty(), "the halted fetch had made exchanges before the halt");
        seen.addAll(ofPath(resumedCalls, GoldenInputs.FETCH_HALTED));
        assertEquals(
                ofPath(uncrashedLedger.entries(), GoldenInputs.FETCH_HALTED),
                seen,
                "the exchanges journaled before the halt must not be made again, the others once\nresumed run's: "
                        + resumedCalls);

        // what the resumed process appended to the halted execution: the rest of the halted call (the
        // exchange it had not made, then the step, still recomputed), and the finish
        String halted = GoldenJournals.starts(golden).stream()
                .filter(s -> s.key().equals(GoldenInputs.FETCH_HALTED))
                .findFirst()
                .orElseThrow()
                .executionId();
        List<JournalRecord> appended = GoldenJournals.records(journal).stream()
                .skip(golden.size())
                .filter(r -> halted.equals(r.executionId()))
                .toList();
        assertEquals(
                List.of(
                        RecordType.RECOVERY_STARTED,
                        RecordType.EFFECT_RECORDED,
                        RecordType.STEP_RECOMPUTED,
                        RecordType.EXECUTION_FINISHED),
                appended.stream().map(RecordType::of).toList(),
                "appended by the resumed process: " + appended);
        EffectRecorded second = (EffectRecorded) appended.get(1);
        assertEquals(2, second.position(), "inside the call that was halted");
        assertEquals(1, second.index(), "the exchange the halted call had not made; the first was answered");
        assertEquals(2, ((StepRecomputed) appended.get(2)).effects(), "the call's effects, answered and live");
    }

    /**
     * The agent of this version resumes the golden journal {@code branches} (format v2), whose execution was
     * halted in its second fan-out: its own step and its first five branches (the four lookups, the digest)
     * had journaled their calls, the sixth (the refinement) was in its call. Resuming, each journaled call is
     * answered from its branch's record, whatever thread runs the branch now: the tools see no second call. The
     * call in flight runs, and the rest of the body runs live; both executions return what a run that never
     * crashed returns, and the resumed one is never DIVERGED.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void branchesJournaledBeforeTheHaltAreAnsweredFromTheJournal(Jdk jdk, @TempDir Path dir) {
        Path fresh = dir.resolve("uncrashed");
        LedgerFile uncrashedLedger = new LedgerFile(fresh.resolve("ledger.txt"));
        ChildProcess uncrashed = Apps.durable(
                        jdk, fresh, "uncrashed", fresh.resolve("journal"), uncrashedLedger, "recover=manual")
                .main(GoldenApp.class, "branches-uncrashed")
                .start();
        uncrashed.assertExit(0, Apps.EXIT);

        Path copy = dir.resolve("golden-copy");
        Path journal = GoldenJournals.copy(GoldenJournals.BRANCHES, copy);
        LedgerFile ledger = new LedgerFile(copy.resolve("ledger.txt"));
        List<LedgerFile.Entry> beforeHalt = ledger.entries();
        List<JournalRecord> golden = GoldenJournals.records(journal);
        ChildProcess resumed = Apps.durable(
                        jdk, copy, "resumed", journal, ledger, "recover=manual", GoldenJournals.KEEP_FINISHED)
                .main(GoldenApp.class, "branches-resume")
                .start();
        resumed.assertExit(0, Apps.EXIT);

        List<String> results = outcomes(resumed);
        assertEquals(
                List.of(
                        "RESULT research:" + GoldenInputs.BRANCHED + " "
                                + GoldenJournalReadTest.researched(GoldenInputs.BRANCHED),
                        "RESULT research:" + GoldenInputs.BRANCH_HALTED + " "
                                + GoldenJournalReadTest.researched(GoldenInputs.BRANCH_HALTED)),
                results,
                resumed.describe());
        assertEquals(outcomes(uncrashed), results, "what a run that never crashed returns");

        // the tools: nothing journaled is asked again, whichever thread runs its branch now; the rest once
        List<LedgerFile.Entry> after = ledger.entries();
        assertEquals(beforeHalt, after.subList(0, beforeHalt.size()), "the outside world's past is untouched");
        List<LedgerFile.Entry> resumedCalls = after.subList(beforeHalt.size(), after.size());
        assertEquals(
                List.of(),
                of(resumedCalls, GoldenInputs.BRANCHED),
                "finished before the halt: answered from the journal");
        List<LedgerFile.Entry> halted = of(beforeHalt, GoldenInputs.BRANCH_HALTED);
        assertFalse(halted.isEmpty(), "the halted execution's branches had made calls before the halt");
        List<LedgerFile.Entry> seen = new ArrayList<>(halted);
        seen.addAll(of(resumedCalls, GoldenInputs.BRANCH_HALTED));
        assertEquals(
                sorted(of(uncrashedLedger.entries(), GoldenInputs.BRANCH_HALTED)),
                sorted(seen),
                "the calls journaled before the halt must not run again, the others (the one in flight first) once"
                        + "\nresumed run's calls:\n" + resumedCalls);
        assertTrue(
                resumedCalls.stream()
                        .anyMatch(e ->
                                e.operation().equals("refine") && e.argument().equals(GoldenInputs.BRANCH_HALTED)),
                "the call in flight at the halt runs: " + resumedCalls);

        // what the resumed process appended for the halted execution: its recovery, the branches it had not
        // journaled (their ids as in a run that never crashed), the invokeAny's decision and the finish
        String id = GoldenJournals.starts(golden).stream()
                .filter(s -> s.key().equals(GoldenInputs.BRANCH_HALTED))
                .findFirst()
                .orElseThrow()
                .executionId();
        List<JournalRecord> appended =
                GoldenJournals.records(journal).stream().skip(golden.size()).toList();
        assertTrue(
                appended.stream().noneMatch(r -> RecordType.of(r) == RecordType.EXECUTION_DIVERGED),
                "never DIVERGED: " + appended);
        assertEquals(
                List.of(RecordType.RECOVERY_STARTED, RecordType.STEP_RECORDED, RecordType.EXECUTION_FINISHED),
                appended.stream()
                        .filter(r -> id.equals(r.executionId()))
                        .map(RecordType::of)
                        .toList(),
                "the execution's own records appended by the resumed process: " + appended);
        ExecutionFinished finished = (ExecutionFinished) appended.stream()
                .filter(r -> r instanceof ExecutionFinished && id.equals(r.executionId()))
                .findFirst()
                .orElseThrow();
        assertEquals(ExecutionState.COMPLETED, finished.state());
        Set<String> journaledBefore = GoldenJournalReadTest.branchesOf(GoldenInputs.BRANCH_HALTED, false)
                .keySet();
        Set<String> expected = new TreeSet<>(GoldenJournalReadTest.branchesOf(GoldenInputs.BRANCH_HALTED, true)
                .keySet());
        expected.removeAll(journaledBefore);
        assertEquals(
                expected,
                appended.stream()
                        .filter(r -> id.equals(BranchIds.owner(r.executionId())))
                        .map(r -> r.executionId().substring(id.length()))
                        .collect(Collectors.toCollection(TreeSet::new)),
                "the branches that journaled their calls in the resumed process: those that had not before the"
                        + " halt");
    }

    /**
     * The agent of this version resumes the golden journal {@code lifecycle} (format v3: segment format 2, the
     * oldest segments compacted by the agent's background compaction), whose first process died with {@code steps}
     * in a call, {@code crunch} in its own code (journaled as a crash by the next start) and {@code waiting} in its
     * wait, and whose finished executions were deleted (from the command line) or expired by retention, then
     * compacted away. Resuming from the compacted segment, every unfinished execution completes as in a run that
     * never crashed, the crashed one too (one crash is not poison), the waiting one with its approval; the outside
     * world sees only the calls the journal had not recorded, and nothing of the executions compacted away.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void lifecycleExecutionsResumeFromCompactedSegments(Jdk jdk, @TempDir Path dir) {
        Path fresh = dir.resolve("uncrashed");
        LedgerFile uncrashedLedger = new LedgerFile(fresh.resolve("ledger.txt"));
        ChildProcess uncrashed = Apps.durable(
                        jdk, fresh, "uncrashed", fresh.resolve("journal"), uncrashedLedger, "recover=manual")
                .main(GoldenApp.class, "lifecycle-uncrashed")
                .start();
        uncrashed.assertExit(0, Apps.EXIT);

        Path copy = dir.resolve("golden-copy");
        Path journal = GoldenJournals.copy(GoldenJournals.LIFECYCLE, copy);
        LedgerFile ledger = new LedgerFile(copy.resolve("ledger.txt"));
        List<LedgerFile.Entry> beforeHalt = ledger.entries();
        List<JournalRecord> golden = GoldenJournals.records(journal);
        ChildProcess resumed = Apps.durable(
                        jdk, copy, "resumed", journal, ledger, "recover=manual", GoldenJournals.KEEP_FINISHED)
                .main(GoldenApp.class, "lifecycle-resume")
                .start();
        resumed.assertExit(0, Apps.EXIT);

        List<String> results = outcomes(resumed);
        assertEquals(3, results.size(), resumed.describe());
        assertTrue(results.stream().allMatch(l -> l.startsWith("RESULT ")), resumed.describe());
        assertEquals(outcomes(uncrashed), results, "what a run that never crashed returns");

        List<LedgerFile.Entry> after = ledger.entries();
        assertEquals(beforeHalt, after.subList(0, beforeHalt.size()), "the outside world's past is untouched");
        List<LedgerFile.Entry> resumedCalls = after.subList(beforeHalt.size(), after.size());
        for (String key : List.of(GoldenInputs.L_STEPS, GoldenInputs.L_CRASHED, GoldenInputs.L_WAITING)) {
            List<LedgerFile.Entry> seen = new ArrayList<>(of(beforeHalt, key));
            assertFalse(seen.isEmpty(), key + " had made calls before the halt");
            seen.addAll(of(resumedCalls, key));
            assertEquals(
                    of(uncrashedLedger.entries(), key),
                    seen,
                    key + ": the calls recorded before the halt must not run again, the others must run once"
                            + "\nresumed run's calls:\n" + resumedCalls);
        }
        for (String key : List.of(GoldenInputs.L_EXPIRED, GoldenInputs.L_ERASED)) {
            assertEquals(List.of(), of(resumedCalls, key), key + ": finished and compacted away, never run again");
        }

        // the crashed execution resumed (its one crash is below maxRecoveries) and completed; this process died of
        // nothing (the copy has no activity board, and it exits gracefully), so nothing new counts as a crash
        String crashed = GoldenJournals.starts(golden).stream()
                .filter(s -> s.key().equals(GoldenInputs.L_CRASHED))
                .findFirst()
                .orElseThrow()
                .executionId();
        List<JournalRecord> appended =
                GoldenJournals.records(journal).stream().skip(golden.size()).toList();
        assertEquals(
                List.of(RecordType.RECOVERY_STARTED, RecordType.STEP_RECORDED, RecordType.EXECUTION_FINISHED),
                appended.stream()
                        .filter(r -> crashed.equals(r.executionId()))
                        .map(RecordType::of)
                        .toList(),
                "appended for the crashed execution: " + appended);
        assertTrue(
                appended.stream()
                        .filter(ExecutionFinished.class::isInstance)
                        .allMatch(r -> ((ExecutionFinished) r).state() == ExecutionState.COMPLETED),
                "every resumed execution completed: " + appended);
        assertTrue(
                appended.stream().noneMatch(r -> RecordType.of(r) == RecordType.EXECUTION_CRASHED),
                "no new crash: " + appended);
    }

    /** @return the entries in the order of their text: the calls of a fan-out, whichever thread made each first */
    private static List<LedgerFile.Entry> sorted(List<LedgerFile.Entry> entries) {
        return entries.stream()
                .sorted(Comparator.comparing(LedgerFile.Entry::toString))
                .toList();
    }

    /** @return the exchanges {@link GoldenHttpServer} saw for one execution key (paths {@code /<key>/...}) */
    private static List<LedgerFile.Entry> ofPath(List<LedgerFile.Entry> entries, String key) {
        return entries.stream()
                .filter(e -> e.operation().equals("http") && e.argument().startsWith(GoldenInputs.httpPath(key, "")))
                .toList();
    }

    /** @return the RESULT and THREW lines, in order */
    private static List<String> outcomes(ChildProcess p) {
        return p.stdout().stream()
                .filter(l -> l.startsWith("RESULT ") || l.startsWith("THREW "))
                .toList();
    }

    /** @return the calls made for one execution key (the flaky service adds the attempt: {@code key:2}) */
    private static List<LedgerFile.Entry> of(List<LedgerFile.Entry> entries, String key) {
        Predicate<LedgerFile.Entry> mine =
                e -> e.argument().equals(key) || e.argument().startsWith(key + ":");
        return entries.stream().filter(mine).toList();
    }
}
