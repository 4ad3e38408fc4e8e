package dev.lazarus.store.reliability;

import static dev.lazarus.store.reliability.Journals.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.CompactionResult;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.Rec;
import dev.lazarus.store.log.RecordFilter;
import dev.lazarus.store.log.SegmentInfo;
import dev.lazarus.store.reliability.FaultSeam.Action;
import dev.lazarus.store.reliability.FaultSeam.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic fault points of compaction (the part of the fault-point suite that {@link FaultPointTest} leaves
 * to it): at every file operation a compaction makes (creating its output, writing its header and records,
 * syncing and closing it, renaming it over the run's first segment, syncing the directory, deleting the run's
 * other segments, syncing the directory again), and at every operation of the next open's clean-up of what a
 * crash left (deleting superseded segments and {@code *.compacting} files), before and after it, the process
 * dies (kill and power-cut images, see {@link FaultSeam}) or the disk throws. In every case:
 * <ul>
 *   <li>a read-only scan of the result reads without writing, and the journal reopens;</li>
 *   <li>it holds exactly the records before the compaction or exactly those after it (the kept ones of the run
 *       plus every record of the untouched segments), with their lsns, in increasing order: nothing lost,
 *       nothing twice; after the compaction's commit (the directory sync that follows the rename) only the
 *       latter;</li>
 *   <li>after the reopen no leftover remains, and appends go on;</li>
 *   <li>a compaction that fails with an I/O error says whether the journal is unchanged or the compaction
 *       committed, and says it truly; the journal goes on appending and reading meanwhile.</li>
 * </ul>
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CompactionFaultPointTest {
    private static final LogOptions SMALL = LogOptions.defaults().withSegmentSize(1024);
    private static final int RECORDS = 70;

    @TempDir
    Path tmp;

    private Path base;
    private final Map<String, Integer> covered = new TreeMap<>();
    private int scenarios;
    private int images;

    @BeforeEach
    void scratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "lazarus-compaction-faults")
                : Files.createDirectories(tmp.resolve("faults"));
    }

    @AfterEach
    void summary(org.junit.jupiter.api.TestInfo info) throws IOException {
        Journals.deleteTree(base);
        if (!covered.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(scenarios)
                    .append(" scenarios, ")
                    .append(covered.size())
                    .append(" distinct fault points, ")
                    .append(images)
                    .append(" crash images reopened\n");
            covered.forEach((k, v) -> sb.append(String.format("  %-70s %d%n", k, v)));
            System.out.println(sb);
            Path out = Path.of("target", "reliability");
            Files.createDirectories(out);
            Files.writeString(
                    out.resolve("compaction-fault-points-"
                            + info.getTestMethod().map(m -> m.getName()).orElse("x") + ".txt"),
                    sb.toString());
        }
    }

    private static String text(long lsn) {
        return "rec-" + lsn + "-" + "c".repeat(60 + (int) (lsn % 23));
    }

    /** A journal of {@link #RECORDS} records over several small segments; returns lsn to text. */
    private static TreeMap<Long, String> template(Path dir) {
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, SMALL, (l, t, p) -> {})) {
            for (long lsn = 1; lsn <= RECORDS; lsn++) {
                assertEquals(lsn, log.append((byte) 1, bytes(text(lsn))));
                model.put(lsn, text(lsn));
            }
        }
        return model;
    }

    private static List<SegmentInfo> segmentsOf(Path dir) {
        try (JournalLog log = JournalLog.open(dir, SMALL, (l, t, p) -> {})) {
            return log.segments();
        }
    }

    /** What the workload saw. */
    static final class Outcome {
        boolean openFailed;
        CompactionResult result;
        JournalException compactionFailure;
        /** What the journal held for the run's lsns right after the compaction (or its failure), read in process. */
        TreeMap<Long, String> readInProcess = new TreeMap<>();

        final TreeMap<Long, String> acked = new TreeMap<>();
        final List<String> attempted = new ArrayList<>();
    }

    /** Opens through the seam, compacts {@code run} (if any), reads everything back, appends a few, closes. */
    private static Outcome workload(Path dir, FaultSeam seam, List<Long> run, RecordFilter keep, long lastLsn) {
        Outcome o = new Outcome();
        JournalLog log;
        seam.phase = "open";
        try {
            log = JournalLog.open(dir, SMALL.withFileOpener(seam), (l, t, p) -> {});
        } catch (JournalException e) {
            o.openFailed = true;
            return o;
        }
        try {
            if (run != null) {
                seam.phase = "compact";
                try {
                    o.result = log.compact(run, keep);
                } catch (JournalException e) {
                    o.compactionFailure = e;
                }
                seam.phase = "read";
                for (long lsn = 1; lsn <= lastLsn; lsn++) {
                    Optional<dev.lazarus.store.log.StoredRecord> r = log.read(lsn);
                    if (r.isPresent()) {
                        o.readInProcess.put(lsn, new String(r.get().payload(), StandardCharsets.UTF_8));
                    }
                }
            }
            seam.phase = "append";
            for (int i = 0; i < 3 && !seam.killed(); i++) { // a dead process acknowledges nothing
                String s = "after-" + i;
                o.attempted.add(s);
                try {
                    o.acked.put(log.append((byte) 2, bytes(s)), s);
                } catch (JournalException e) {
                    break; // a fault while appending: fail-stop, checked by FaultPointTest
                }
            }
        } finally {
            seam.phase = "close";
            try {
                log.close();
            } catch (JournalException ignored) {
                // the injected failure, once more
            }
        }
        return o;
    }

    /** Reads a journal (read-only first, then opening it), checks what FaultPointTest checks of every image. */
    private static TreeMap<Long, String> reopen(Path dir, String what) {
        List<Path> filesBefore = Journals.journalFiles(dir);
        Collector scanned = new Collector();
        try {
            JournalLog.scan(dir, scanned);
        } catch (JournalException e) {
            throw new AssertionError(what + ": the read-only scan refused it: " + e.getMessage(), e);
        }
        assertEquals(filesBefore, Journals.journalFiles(dir), what + ": a read-only scan never deletes");
        Collector c = new Collector();
        JournalLog log;
        try {
            log = JournalLog.open(dir, SMALL, c);
        } catch (JournalException e) {
            throw new AssertionError(what + ": the journal does not reopen: " + e.getMessage(), e);
        }
        TreeMap<Long, String> got = new TreeMap<>();
        long prev = 0;
        long next;
        try {
            for (Rec r : c.records) {
                assertTrue(r.lsn() > prev, what + ": lsns increase");
                prev = r.lsn();
                assertEquals(null, got.put(r.lsn(), r.text()), what + ": lsn " + r.lsn() + " twice");
            }
            assertEquals(texts(scanned), texts(c), what + ": the read-only scan read the same");
            List<Path> left = Journals.journalFiles(dir);
            assertEquals(log.segments().size(), left.size(), what + ": leftovers after the open: " + left);
            assertTrue(left.stream().noneMatch(p -> p.toString().endsWith(".compacting")), what);
            next = log.append((byte) 3, bytes("final"));
            assertTrue(next > prev, what);
        } finally {
            log.close();
        }
        Collector again = new Collector();
        JournalLog.open(dir, SMALL, again).close();
        List<String> expected = new ArrayList<>(texts(c));
        expected.add(next + ":final");
        assertEquals(expected, texts(again), what + ": the second reopen");
        return got;
    }

    private static List<String> texts(Collector c) {
        return c.records.stream().map(r -> r.lsn() + ":" + r.text()).toList();
    }

    /**
     * Runs every (operation, before/after, kill/throw) scenario of one compaction of {@code run} over a copy of
     * {@code template} (whose records are {@code before}), keeping the lsns {@code keep} accepts.
     */
    private void everyPoint(
            String name, Path template, TreeMap<Long, String> before, List<Long> run, LongPredicate keep)
            throws IOException {
        List<SegmentInfo> segs = segmentsOf(template);
        long runFirst = segs.stream()
                .filter(s -> s.number() == run.get(0))
                .findFirst()
                .orElseThrow()
                .firstLsn();
        long runLast = segs.stream()
                .filter(s -> s.number() == run.get(run.size() - 1))
                .findFirst()
                .orElseThrow()
                .lastLsn();
        TreeMap<Long, String> after = new TreeMap<>(before);
        after.entrySet().removeIf(e -> e.getKey() >= runFirst && e.getKey() <= runLast && !keep.test(e.getKey()));
        assertTrue(after.size() < before.size(), name + ": the compaction drops something");
        RecordFilter filter = (lsn, type, payload) -> keep.test(lsn);
        long lastLsn = before.lastKey();

        Path countDir = base.resolve(name + "-count");
        Journals.copySegments(template, countDir);
        FaultSeam counter = new FaultSeam(countDir, base.resolve("unused"), 0, When.BEFORE, Action.THROW);
        Outcome clean = workload(countDir, counter, run, filter, lastLsn);
        assertEquals(null, clean.compactionFailure, name);
        assertEquals(after, clean.readInProcess, name + ": a clean compaction");
        List<String> ops = counter.labels();
        int commit = -1; // the directory sync after the rename: from it on, only the compacted journal may come back
        int rename = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).startsWith("compact:rename")) {
                rename = i + 1;
            } else if (rename > 0 && commit < 0 && ops.get(i).equals("compact:sync-directory")) {
                commit = i + 1;
            }
        }
        assertTrue(rename > 0 && commit > rename, name + ": " + ops);
        int dirs = 0;
        for (int n = 1; n <= ops.size(); n++) {
            for (When w : When.values()) {
                for (Action a : Action.values()) {
                    Path dir = base.resolve(name + "-" + dirs++);
                    Path imageRoot = dir.resolveSibling(dir.getFileName() + "-images");
                    Journals.copySegments(template, dir);
                    FaultSeam seam = new FaultSeam(dir, imageRoot, n, w, a);
                    Outcome o = workload(dir, seam, run, filter, lastLsn);
                    assertTrue(seam.fired(), name + ": operation " + n + " happened in the counting run");
                    String label = ops.get(n - 1);
                    assertTrue(seam.firedAt().contains(label), seam.firedAt() + " vs " + label);
                    String at = name + " " + a + " " + seam.firedAt();
                    covered.merge(a + " " + w.name().toLowerCase() + " " + label, 1, Integer::sum);
                    scenarios++;
                    boolean committed = n > commit || (n == commit && w == When.AFTER);
                    boolean renamed = n > rename || (n == rename && w == When.AFTER);
                    if (a == Action.THROW) {
                        TreeMap<Long, String> expected;
                        if (o.openFailed) {
                            expected = before;
                        } else if (o.compactionFailure != null) {
                            JournalException e = o.compactionFailure;
                            assertEquals("LAZ-101", e.code(), at + ": " + e.getMessage());
                            assertFalse(e.getMessage().contains("\n"), at);
                            boolean unchanged = e.getMessage().contains("the journal is unchanged");
                            assertTrue(
                                    unchanged || e.getMessage().contains("the compacted segment is in place"),
                                    at + ": " + e.getMessage());
                            expected = unchanged ? before : after;
                            assertEquals(expected, o.readInProcess, at + ": read in process after the failure");
                            assertEquals(3, o.acked.size(), at + ": appends go on after a failed compaction");
                        } else {
                            expected = after;
                        }
                        TreeMap<Long, String> got = reopen(dir, at);
                        images++;
                        TreeMap<Long, String> mustBe = new TreeMap<>(expected);
                        for (Map.Entry<Long, String> e :
                                got.tailMap(lastLsn, false).entrySet()) {
                            assertTrue(o.attempted.contains(e.getValue()), at + ": " + e);
                            mustBe.put(e.getKey(), e.getValue());
                        }
                        o.acked.forEach((k, v) -> assertEquals(v, got.get(k), at + ": acknowledged " + v));
                        assertEquals(mustBe, got, at);
                    } else {
                        for (FaultSeam.Image img : seam.images()) {
                            String what = at + " [" + img.kind() + " image]";
                            TreeMap<Long, String> got = reopen(img.dir(), what);
                            images++;
                            TreeMap<Long, String> mine = new TreeMap<>(got.headMap(lastLsn, true));
                            if (img.kind().equals("kill")) {
                                // the page cache has every rename and delete made: the rename decides
                                assertEquals(renamed ? after : before, mine, what);
                            } else if (committed) {
                                assertEquals(after, mine, what + ": the compaction had committed");
                            } else {
                                assertTrue(
                                        mine.equals(before) || mine.equals(after),
                                        what + ": neither the journal before nor after the compaction: " + mine);
                            }
                            o.acked.forEach((k, v) -> assertEquals(v, got.get(k), what + ": acknowledged " + v));
                        }
                    }
                    Journals.deleteTree(dir);
                    Journals.deleteTree(imageRoot);
                }
            }
        }
    }

    @Test
    void everyOperationOfACompactionInTheMiddle() throws IOException {
        Path template = base.resolve("template-middle");
        TreeMap<Long, String> before = template(template);
        List<SegmentInfo> segs = segmentsOf(template);
        assertTrue(segs.size() >= 6, "segments: " + segs.size());
        everyPoint("middle", template, before, List.of(2L, 3L, 4L), lsn -> lsn % 3 != 0);
        for (String p : List.of(
                "compact:create-compacting",
                "compact:write-segment-header",
                "compact:write-batch",
                "compact:force-with-metadata",
                "compact:close-segment",
                "compact:rename-compacting-over-segment",
                "compact:sync-directory",
                "compact:delete-segment")) {
            assertTrue(covered.keySet().stream().anyMatch(k -> k.endsWith(p)), p + " in " + covered.keySet());
        }
    }

    @Test
    void everyOperationOfACompactionOfTheFirstSegmentsThatKeepsNothing() throws IOException {
        Path template = base.resolve("template-first");
        TreeMap<Long, String> before = template(template);
        everyPoint("first-empty", template, before, List.of(1L, 2L), lsn -> false);
    }

    @Test
    void everyOperationOfACompactionThatMergesACompactedSegment() throws IOException {
        Path template = base.resolve("template-merge");
        TreeMap<Long, String> before = template(template);
        try (JournalLog log = JournalLog.open(template, SMALL, (l, t, p) -> {})) {
            log.compact(List.of(2L, 3L), (lsn, type, payload) -> lsn % 2 == 0);
        }
        Collector c = new Collector();
        JournalLog.open(template, SMALL, c).close();
        TreeMap<Long, String> compacted = new TreeMap<>();
        c.records.forEach(r -> compacted.put(r.lsn(), r.text()));
        assertTrue(compacted.size() < before.size());
        // the compacted segment 2 and the plain segments 4 and 5 after it
        everyPoint("merge", template, compacted, List.of(2L, 4L, 5L), lsn -> lsn % 5 != 0);
    }

    /**
     * A crash after a compaction's commit leaves superseded segments and maybe a {@code .compacting} file; the
     * next open deletes them. Faults at every step of that clean-up leave a journal the open after cleans the same
     * way, holding the compacted records.
     */
    @Test
    void everyOperationOfCleaningUpAfterACompactionCutShort() throws IOException {
        Path template = base.resolve("template-leftovers");
        TreeMap<Long, String> before = template(template);
        Path untouched = base.resolve("untouched");
        Journals.copySegments(template, untouched);
        try (JournalLog log = JournalLog.open(template, SMALL, (l, t, p) -> {})) {
            log.compact(List.of(2L, 3L, 4L), (lsn, type, payload) -> lsn % 4 != 0);
        }
        Collector c = new Collector();
        JournalLog.scan(template, c);
        TreeMap<Long, String> after = new TreeMap<>();
        c.records.forEach(r -> after.put(r.lsn(), r.text()));
        // the run's other segments come back (their deletion was never made durable), and a temporary file
        for (long n : new long[] {3, 4}) {
            String name = String.format("segment-%010d.log", n);
            Files.copy(untouched.resolve(name), template.resolve(name));
        }
        Files.write(template.resolve(String.format("segment-%010d.log.compacting", 5)), new byte[100]);
        Collector scanned = new Collector();
        JournalLog.scan(template, scanned);
        assertEquals(texts(c), texts(scanned), "a read-only scan skips the leftovers");

        Path countDir = base.resolve("leftovers-count");
        Journals.copySegments(template, countDir);
        FaultSeam counter = new FaultSeam(countDir, base.resolve("unused"), 0, When.BEFORE, Action.THROW);
        workload(countDir, counter, null, null, before.lastKey());
        List<String> ops = counter.labels();
        assertTrue(ops.contains("open:delete-segment") && ops.contains("open:delete-compacting"), ops.toString());
        int dirs = 0;
        for (int n = 1; n <= ops.size(); n++) {
            for (When w : When.values()) {
                for (Action a : Action.values()) {
                    Path dir = base.resolve("leftovers-" + dirs++);
                    Path imageRoot = dir.resolveSibling(dir.getFileName() + "-images");
                    Journals.copySegments(template, dir);
                    FaultSeam seam = new FaultSeam(dir, imageRoot, n, w, a);
                    Outcome o = workload(dir, seam, null, null, before.lastKey());
                    String at = "leftovers " + a + " " + seam.firedAt();
                    covered.merge(a + " " + w.name().toLowerCase() + " " + ops.get(n - 1), 1, Integer::sum);
                    scenarios++;
                    List<Path> dirsToCheck = new ArrayList<>();
                    if (a == Action.THROW) {
                        dirsToCheck.add(dir);
                    } else {
                        seam.images().forEach(i -> dirsToCheck.add(i.dir()));
                    }
                    for (Path d : dirsToCheck) {
                        TreeMap<Long, String> got = reopen(d, at + " " + d.getFileName());
                        images++;
                        assertEquals(after, new TreeMap<>(got.headMap(before.lastKey(), true)), at);
                        o.acked.forEach((k, v) -> assertEquals(v, got.get(k), at + ": acknowledged " + v));
                    }
                    Journals.deleteTree(dir);
                    Journals.deleteTree(imageRoot);
                }
            }
        }
    }
}
