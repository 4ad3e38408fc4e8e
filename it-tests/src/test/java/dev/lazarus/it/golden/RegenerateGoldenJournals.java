package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.golden.GoldenApp;
import dev.lazarus.it.apps.golden.GoldenHttpServer;
import dev.lazarus.it.apps.golden.GoldenInputs;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes golden journals into {@code src/test/resources/golden/<format>/<scenario>}, replacing what is there.
 * Never part of a normal test run: it runs only when asked by name with {@code -Dgolden.regenerate=<what>}
 * ({@code v1} for both of its scenarios, which one agent wrote; {@code v2/effects}, {@code v2/branches} or
 * {@code v3/lifecycle}, each written by the agent of its own commit; see the README next to the journals), because the committed journals
 * must stay those the released format wrote, each by the agent that first wrote what it pins; a change that can
 * no longer read them is what the golden tests exist to catch.
 */
@ExtendWith(ChildJvms.class)
class RegenerateGoldenJournals {
    private static final Jdk JDK = Jdk.find(17);

    /** Format v1 ({@code basics}), with the agent of commit aaf9ec3. */
    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "v1")
    void basics(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess record = Apps.durable(JDK, dir, "record", journal, ledger, "recover=manual", "trace=false")
                .main(GoldenApp.class, "basics-record")
                .start();
        record.assertExit(0, Apps.EXIT);
        assertTrue(record.stdout().contains("HALTING"), record.describe());
        assertEquals(
                4, record.stdout().stream().filter(l -> l.startsWith("STOPPED")).count(), record.describe());
        keep(GoldenJournals.BASICS, journal);
        Files.copy(ledger.path(), GoldenJournals.ledger(GoldenJournals.BASICS));
    }

    /** Format v1 ({@code history}), with the agent of commit aaf9ec3. */
    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "v1")
    void history(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = Apps.durable(JDK, dir, "first", journal, ledger, "recover=manual", "trace=false")
                .main(GoldenApp.class, "history-first")
                .start();
        first.assertExit(0, Apps.EXIT);
        assertTrue(first.stdout().contains("HALTING"), first.describe());

        String retried = GoldenJournals.starts(GoldenJournals.records(journal)).stream()
                .filter(s -> s.key().equals(GoldenInputs.H_RETRIED))
                .map(ExecutionStarted::executionId)
                .findFirst()
                .orElseThrow();
        cli(dir, "retry", "retry", "--journal", journal.toString(), retried);
        cli(
                dir,
                "send-event",
                "send-event",
                "--journal",
                journal.toString(),
                GoldenInputs.APPROVAL_EVENT,
                GoldenInputs.H_EVENT,
                GoldenInputs.H_EVENT_JSON);

        ChildProcess second = Apps.durable(JDK, dir, "second", journal, ledger, "recover=manual", "trace=false")
                .allowStderr("LAZ-301", "NonDeterminismException")
                .main(GoldenApp.class, "history-second")
                .start();
        second.assertExit(0, Apps.EXIT);
        keep(GoldenJournals.HISTORY, journal);
    }

    /**
     * Format v2 ({@code effects}): one process, whose {@link GoldenHttpServer} runs in its own JVM and writes
     * the ledger, halted inside a journaled call after the call's first exchange.
     */
    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "v2/effects")
    void effects(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess record = Apps.durable(JDK, dir, "record", journal, ledger, "recover=manual", "trace=false")
                .allowStderr("LAZ-208")
                .main(GoldenApp.class, "effects-record")
                .start();
        record.assertExit(0, Apps.EXIT);
        assertTrue(record.stdout().contains("HALTING"), record.describe());
        assertEquals(
                1, record.stdout().stream().filter(l -> l.startsWith("STOPPED")).count(), record.describe());
        keep(GoldenJournals.EFFECTS, journal);
        Files.copy(ledger.path(), GoldenJournals.ledger(GoldenJournals.EFFECTS));
    }

    /**
     * Format v2 ({@code branches}), with the agent of commit ab020e8: one process, halted in its second fan-out
     * while one branch is in its call, after its earlier branches journaled theirs.
     */
    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "v2/branches")
    void branches(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess record = Apps.durable(JDK, dir, "record", journal, ledger, "recover=manual", "trace=false")
                .main(GoldenApp.class, "branches-record")
                .start();
        record.assertExit(0, Apps.EXIT);
        assertTrue(record.stdout().contains("HALTING"), record.describe());
        assertEquals(
                1, record.stdout().stream().filter(l -> l.startsWith("STOPPED")).count(), record.describe());
        keep(GoldenJournals.BRANCHES, journal);
        Files.copy(ledger.path(), GoldenJournals.ledger(GoldenJournals.BRANCHES));
    }

    /**
     * Format v3 ({@code lifecycle}), with the agent of this repository's commit (journal format 2) and small
     * segments: a first process finishes {@code family} and {@code failures}, stops {@code steps} in a call,
     * {@code crunch} in its own code and {@code waiting} in its wait, and halts; a second process starts (its agent
     * journals the crash its activity board attributes to {@code crunch}) and exits gracefully; the command line
     * then deletes the finished {@code family} (and its child) offline; last, a third process with a short
     * retention runs until its agent's background compaction has rewritten the oldest segments without the
     * deleted executions and the expired {@code failures}, and is stopped with SIGTERM. The ledger is the first
     * process's: nothing later calls out.
     */
    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "v3/lifecycle")
    void lifecycle(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String segmentSize = "segmentSize=" + GoldenInputs.L_SEGMENT_SIZE;
        ChildProcess first = Apps.durable(
                        JDK, dir, "first", journal, ledger, "recover=manual", "trace=false", segmentSize)
                .main(GoldenApp.class, "lifecycle-first")
                .start();
        first.assertExit(0, Apps.EXIT);
        assertTrue(first.stdout().contains("HALTING"), first.describe());
        assertEquals(
                3, first.stdout().stream().filter(l -> l.startsWith("STOPPED")).count(), first.describe());
        List<String> ledgerAtHalt = Files.readAllLines(ledger.path());

        ChildProcess second = Apps.durable(
                        JDK, dir, "second", journal, ledger, "recover=manual", "trace=false", segmentSize)
                .main(GoldenApp.class, "lifecycle-second")
                .start();
        second.assertExit(0, Apps.EXIT);
        List<JournalRecord> records = GoldenJournals.records(journal);
        String crashed = idOf(records, GoldenInputs.L_CRASHED);
        assertEquals(
                List.of(crashed),
                records.stream()
                        .filter(ExecutionCrashed.class::isInstance)
                        .map(JournalRecord::executionId)
                        .toList(),
                "the second start journaled one crash: the execution stopped in its own code");

        String erased = idOf(records, GoldenInputs.L_ERASED);
        cli(dir, "delete", "delete", "--journal", journal.toString(), "--reason", GoldenInputs.L_ERASE_REASON, erased);
        Set<String> gone = Set.of(erased, erased + "/1", idOf(records, GoldenInputs.L_EXPIRED));

        ChildProcess third = Apps.durable(
                        JDK,
                        dir,
                        "third",
                        journal,
                        ledger,
                        "recover=manual",
                        "trace=false",
                        segmentSize,
                        "retention=" + GoldenInputs.L_RETENTION,
                        "log=debug")
                .main(GoldenApp.class, "lifecycle-compact")
                .start();
        third.awaitStdout("^STARTED$", Apps.WAIT);
        long deadline = System.nanoTime() + Apps.WAIT.toNanos();
        while (!compactedAway(journal, gone)) {
            assertTrue(System.nanoTime() < deadline, "no compaction dropped " + gone + "\n" + third.describe());
            sleep(100);
        }
        third.terminate();
        assertTrue(compactedAway(journal, gone), "still compacted after the stop");
        assertEquals(ledgerAtHalt, Files.readAllLines(ledger.path()), "only the first process called out");
        keep(GoldenJournals.LIFECYCLE, journal);
        Files.copy(ledger.path(), GoldenJournals.ledger(GoldenJournals.LIFECYCLE));
    }

    /** @return the id of the top-level execution with {@code key} */
    private static String idOf(List<JournalRecord> records, String key) {
        return GoldenJournals.starts(records).stream()
                .filter(s -> s.key().equals(key) && s.parentId() == null)
                .map(ExecutionStarted::executionId)
                .findFirst()
                .orElseThrow();
    }

    /**
     * @return whether the journal has a compacted segment and no record of the executions {@code gone} but their
     *     deletions
     */
    private static boolean compactedAway(Path journal, Set<String> gone) {
        if (GoldenJournals.segments(journal).stream().noneMatch(GoldenJournals.SegmentFile::compacted)) {
            return false;
        }
        return GoldenJournals.records(journal).stream()
                .noneMatch(r -> gone.contains(r.executionId()) && !(r instanceof ExecutionDeleted));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void cli(Path dir, String name, String... args) {
        ChildJvm.on(JDK, dir, name).jar(ItEnv.agentJar(), args).start().assertExit(0, Apps.EXIT);
    }

    /** Replaces the committed journal of {@code scenario} with the segment files of {@code journal}. */
    private static void keep(String scenario, Path journal) throws IOException {
        Path target = GoldenJournals.scenario(scenario);
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(GoldenJournals.journal(scenario));
        try (Stream<Path> files = Files.list(journal)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .toList()) {
                Files.copy(segment, GoldenJournals.journal(scenario).resolve(segment.getFileName()));
            }
        }
    }
}
