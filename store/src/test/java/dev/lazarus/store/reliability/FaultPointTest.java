package dev.lazarus.store.reliability;

import static dev.lazarus.store.reliability.Journals.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.reliability.FaultSeam.Action;
import dev.lazarus.store.reliability.FaultSeam.When;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic fault points (RELIABILITY.md §2): at <em>every</em> file operation the journal makes (opening or
 * creating a segment, writing its header, writing a batch, fdatasync, forcing metadata, syncing the directory, closing
 * the old segment during a roll-over, truncating a torn tail while opening), before it and after it, the process either
 * dies (kill -9 and power-cut images, see {@link FaultSeam}) or the disk throws. In every case:
 * <ul>
 *   <li>the journal reopens (never refused as corrupt);</li>
 *   <li>what it holds is a prefix of what was appended, byte for byte (an unacknowledged record is present whole
 *       or absent; nothing out of order, nothing invented);</li>
 *   <li>every acknowledged append is present, as far as the durability mode promises: {@code fsync} after a kill
 *       and after a power cut, {@code process} after a kill, {@code async} nothing (its window may be lost);</li>
 *   <li>appends continue after the reopen, and a second reopen reads them back;</li>
 *   <li>after an injected I/O error the journal does no more I/O on its files but closing them (fail-stop: a
 *       failed write or sync is never retried) and every later append fails.</li>
 * </ul>
 * The fault points of compaction, and of the clean-up after a compaction a crash cut short, are in
 * {@link CompactionFaultPointTest}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FaultPointTest {
    private static final int APPENDS = 24;
    private static final LogOptions SMALL = LogOptions.defaults().withSegmentSize(1024);

    @TempDir
    Path tmp;

    private Path base;
    /** Fault points covered, (action, when, operation label) to scenario count, for the summary. */
    private final Map<String, Integer> covered = new TreeMap<>();

    private int scenarios;
    private int images;
    private int dirs;

    @BeforeEach
    void scratch() throws IOException {
        // tmpfs when there is one: the seam models durability itself, the real disk's fsync adds only time
        Path shm = Path.of("/dev/shm");
        base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "lazarus-faults")
                : Files.createDirectories(tmp.resolve("faults"));
    }

    @AfterEach
    void cleanUp(org.junit.jupiter.api.TestInfo info) throws IOException {
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
                    out.resolve("fault-points-"
                            + info.getTestMethod().map(m -> m.getName()).orElse("x") + ".txt"),
                    sb.toString());
        }
    }

    static String payload(int i) {
        return String.format("record-%03d-%s", i, "x".repeat(40 + i % 7));
    }

    /** What a workload did: which appends were acknowledged, and how it failed. */
    static final class Outcome {
        final List<String> attempted = new ArrayList<>();
        final Set<String> acked = new HashSet<>();
        JournalException failure;
        JournalException closeFailure;
        boolean openFailed;
    }

    /** Opens the journal through the seam, appends sequentially until the first failure, closes. */
    private static Outcome sequential(Path dir, FaultSeam seam, LogOptions options, int appends) {
        Outcome o = new Outcome();
        JournalLog log;
        seam.phase = "open";
        try {
            log = JournalLog.open(dir, options.withFileOpener(seam), (l, t, p) -> {});
        } catch (JournalException e) {
            o.failure = e;
            o.openFailed = true;
            return o;
        }
        seam.phase = "append";
        for (int i = 0; i < appends; i++) {
            String p = payload(i);
            o.attempted.add(p);
            try {
                log.append((byte) 1, bytes(p));
                o.acked.add(p);
            } catch (JournalException e) {
                o.failure = e;
                break;
            }
        }
        seam.phase = "close";
        try {
            log.close();
        } catch (JournalException e) {
            o.closeFailure = e;
        }
        return o;
    }

    /**
     * Reopens {@code dir} with the standard opener and checks it against what was appended: a prefix of
     * {@code attempted} (byte-equal), containing {@code mustHave}; then appends one more record and rereads.
     */
    private static List<String> checkReopens(
            Path dir, String what, List<String> attempted, Set<String> mustHave, List<String> before) {
        Collector c = new Collector();
        JournalLog log;
        try {
            log = JournalLog.open(dir, SMALL, c);
        } catch (JournalException e) {
            throw new AssertionError(what + ": the journal does not reopen: " + e.getMessage(), e);
        }
        List<String> got = c.texts();
        List<String> expectedAll = new ArrayList<>(before);
        expectedAll.addAll(attempted);
        try {
            assertTrue(got.size() <= expectedAll.size(), what + ": more records than appended: " + got);
            assertEquals(expectedAll.subList(0, got.size()), got, what + ": not a prefix of what was appended");
            for (int i = 0; i < c.records.size(); i++) {
                assertEquals(i + 1, c.records.get(i).lsn(), what);
            }
            for (String m : mustHave) {
                assertTrue(
                        got.contains(m),
                        what + ": the acknowledged " + m + " is lost; recovered " + got.size() + " records");
            }
            assertEquals(got.size() + 1, log.append((byte) 2, bytes("after-" + what)), what + ": appends go on");
        } finally {
            log.close();
        }
        List<String> again = Journals.reopen(dir);
        List<String> expected = new ArrayList<>(got);
        expected.add("after-" + what);
        assertEquals(expected, again, what + ": the second reopen");
        return got;
    }

    private void count(Action a, When w, String label) {
        covered.merge(a + " " + w.name().toLowerCase() + " " + label, 1, Integer::sum);
        scenarios++;
    }

    /** Runs every (operation, before/after, kill/throw) scenario of a sequential workload in one mode. */
    private void everyPoint(Durability mode, int appends, List<String> before, Path template) {
        LogOptions options = SMALL.withDurability(mode).withSyncInterval(Duration.ofMillis(2));
        // a counting run: which operations does this workload make?
        Path countDir = base.resolve("count-" + mode + "-" + System.nanoTime());
        if (template != null) {
            Journals.copySegments(template, countDir);
        }
        FaultSeam counter = new FaultSeam(countDir, base.resolve("unused"), 0, When.BEFORE, Action.THROW);
        sequential(countDir, counter, options, appends);
        List<String> ops = counter.labels();
        int total = ops.size() + 2; // a little beyond, in case timing adds operations in the background modes
        for (int n = 1; n <= total; n++) {
            for (When w : When.values()) {
                for (Action a : Action.values()) {
                    Path dir = base.resolve(mode + "-" + (dirs++));
                    if (template != null) {
                        Journals.copySegments(template, dir);
                    }
                    FaultSeam seam = new FaultSeam(dir, dir.resolveSibling(dir.getFileName() + "-images"), n, w, a);
                    Outcome o = sequential(dir, seam, options, appends);
                    if (!seam.fired()) {
                        continue; // the run made fewer operations this time
                    }
                    String at = mode + " " + a + " " + seam.firedAt();
                    String label = seam.firedAt()
                            .replaceAll(" \\(operation \\d+\\)", "")
                            .replaceFirst("^\\w+ ", "");
                    count(a, w, label);
                    if (a == Action.THROW) {
                        checkFailStop(seam, o, at);
                        // the same directory, as the failed process left it (its written bytes are in the page cache)
                        Set<String> must = mode == Durability.ASYNC ? Set.of() : o.acked;
                        checkReopens(dir, at, o.attempted, must, before);
                        images++;
                    } else {
                        for (FaultSeam.Image img : seam.images()) {
                            boolean promised = mode == Durability.FSYNC
                                    || mode == Durability.PROCESS && img.kind().equals("kill");
                            checkReopens(
                                    img.dir(),
                                    at + " [" + img.kind() + " image]",
                                    o.attempted,
                                    promised ? o.acked : Set.of(),
                                    before);
                            images++;
                        }
                    }
                    Journals.deleteTree(dir);
                    Journals.deleteTree(dir.resolveSibling(dir.getFileName() + "-images"));
                }
            }
        }
    }

    /** After an injected error: the failure surfaced, later appends fail, and no file operation but closing followed. */
    private static void checkFailStop(FaultSeam seam, Outcome o, String at) {
        for (String op : seam.operationsAfterFailure()) {
            if (!op.endsWith("close-segment")) {
                fail(at + ": the journal went on with '" + op + "' after the injected failure (must stop, never retry);"
                        + " after: " + seam.operationsAfterFailure());
            }
        }
        if (o.failure != null) {
            String code = o.failure.code();
            assertTrue(code.equals("LAZ-104") || o.openFailed && code.equals("LAZ-101"), at + ": " + o.failure);
            if (!o.openFailed) {
                assertTrue(o.failure.getMessage().contains("must restart"), at + ": " + o.failure.getMessage());
            }
        }
    }

    @Test
    void fsyncModeEveryOperationKillAndThrow() {
        everyPoint(Durability.FSYNC, APPENDS, List.of(), null);
        assertTrue(covered.keySet().stream().anyMatch(k -> k.contains("append:create-segment")), covered.toString());
        assertTrue(covered.keySet().stream().anyMatch(k -> k.contains("append:sync-directory")), covered.toString());
        assertTrue(covered.keySet().stream().anyMatch(k -> k.contains("append:close-segment")), covered.toString());
        assertTrue(
                covered.keySet().stream().anyMatch(k -> k.contains("append:write-segment-header")), covered.toString());
    }

    @Test
    void processModeEveryOperationKillAndThrow() {
        everyPoint(Durability.PROCESS, 16, List.of(), null);
    }

    @Test
    void asyncModeEveryOperationKillAndThrow() {
        everyPoint(Durability.ASYNC, 16, List.of(), null);
    }

    /**
     * Faults while a journal is being opened and repaired: a torn tail is truncated and forced, a segment whose
     * header never became complete is deleted and the directory synced. Dying or failing at any of those steps
     * leaves a journal that the next open repairs the same way.
     */
    @Test
    void faultsWhileOpeningAndRepairingATornJournal() throws IOException {
        // the newest segment's last record torn in the middle (a crash during a batch write)
        Path template = base.resolve("template-tail");
        List<String> before = oldJournal(template);
        List<Path> segs = Journals.segments(template);
        Path newest = segs.get(segs.size() - 1);
        List<Long> frames = Journals.frames(newest);
        try (var ch = java.nio.channels.FileChannel.open(newest, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(frames.get(frames.size() - 1) + 9);
        }
        before.remove(before.size() - 1);
        everyPoint(Durability.FSYNC, 3, before, template);
        assertTrue(covered.keySet().stream().anyMatch(k -> k.contains("open:truncate-torn-tail")), covered.toString());

        // a next segment whose header never became complete (a crash during a roll-over)
        Path template2 = base.resolve("template-header");
        List<String> before2 = oldJournal(template2);
        Path next = template2.resolve(
                String.format("segment-%010d.log", Journals.segments(template2).size() + 1));
        Files.write(next, new byte[13]);
        everyPoint(Durability.FSYNC, 3, before2, template2);
        assertTrue(covered.keySet().stream().anyMatch(k -> k.contains("open:sync-directory")), covered.toString());
    }

    private static List<String> oldJournal(Path dir) {
        List<String> before = new ArrayList<>();
        try (JournalLog log = JournalLog.open(dir, SMALL, (l, t, p) -> {})) {
            for (int i = 0; i < 30; i++) {
                String p = "old-" + i + "-" + "y".repeat(30);
                log.append((byte) 1, bytes(p));
                before.add(p);
            }
        }
        return before;
    }

    /**
     * Group commit: four threads append at once, so batches hold several records; a kill or an error at a
     * random operation (seeded) still leaves a journal whose records are whole, each thread's in its order,
     * with every acknowledged one present (fsync: in the power-cut images too).
     */
    @Test
    void concurrentAppendersKillAndThrowAtRandomOperations() throws Exception {
        long seed = Long.getLong("lazarus.reliability.seed", 20240601L);
        Random random = new Random(seed);
        int threads = 4;
        int each = 10;
        // a counting run: how many operations does this workload make (it varies with the batching)?
        Path countDir = base.resolve("conc-count");
        FaultSeam counter = new FaultSeam(countDir, base.resolve("unused"), 0, When.BEFORE, Action.THROW);
        concurrentWorkload(countDir, counter, threads, each, new ArrayList<>(), new HashSet<>());
        int ops = counter.labels().size();
        for (int s = 0; s < 60; s++) {
            Action a = s % 2 == 0 ? Action.KILL : Action.THROW;
            When w = random.nextBoolean() ? When.BEFORE : When.AFTER;
            int n = 5 + random.nextInt(Math.max(1, ops - 4)); // past the 4 operations of creating the first segment
            Path dir = base.resolve("conc-" + s);
            FaultSeam seam = new FaultSeam(dir, base.resolve("conc-" + s + "-images"), n, w, a);
            List<String> attempted = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<String> acked = java.util.Collections.synchronizedSet(new HashSet<>());
            Throwable unexpected = concurrentWorkload(dir, seam, threads, each, attempted, acked);
            if (unexpected != null) {
                throw new AssertionError("seed " + seed + " scenario " + s, unexpected);
            }
            if (!seam.fired()) {
                continue;
            }
            String at = "seed " + seed + " scenario " + s + " " + a + " " + seam.firedAt();
            count(
                    a,
                    w,
                    seam.firedAt().replaceAll(" \\(operation \\d+\\)", "").replaceFirst("^\\w+ ", "") + " (4 threads)");
            List<Path> dirs = new ArrayList<>();
            if (a == Action.THROW) {
                for (String op : seam.operationsAfterFailure()) {
                    assertTrue(op.endsWith("close-segment"), at + ": I/O after the failure: " + op);
                }
                dirs.add(dir);
            } else {
                seam.images().forEach(i -> dirs.add(i.dir()));
            }
            for (Path d : dirs) {
                Collector c = new Collector();
                JournalLog.open(d, SMALL, c).close();
                images++;
                List<String> got = c.texts();
                assertEquals(got.size(), new HashSet<>(got).size(), at + ": a record twice in " + d);
                for (String g : got) {
                    assertTrue(attempted.contains(g), at + ": a record nobody appended: " + g);
                }
                for (String p : acked) {
                    assertTrue(got.contains(p), at + ": acknowledged " + p + " lost in " + d.getFileName());
                }
                // each thread's records appear in its own order, with no gap
                for (int t = 0; t < threads; t++) {
                    String prefix = "t" + t + "-";
                    List<String> mine =
                            got.stream().filter(g -> g.startsWith(prefix)).toList();
                    for (int i = 0; i < mine.size(); i++) {
                        assertTrue(mine.get(i).startsWith(prefix + i + "-"), at + ": thread " + t + " order " + mine);
                    }
                }
            }
            Journals.deleteTree(dir);
            Journals.deleteTree(base.resolve("conc-" + s + "-images"));
        }
        assertTrue(scenarios >= 40, "most random points fall inside the workload: " + scenarios);
    }

    private static Throwable concurrentWorkload(
            Path dir, FaultSeam seam, int threads, int each, List<String> attempted, Set<String> acked)
            throws InterruptedException {
        JournalLog log = JournalLog.open(dir, SMALL.withFileOpener(seam), (l, t, p) -> {});
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    String p = "t" + id + "-" + i + "-" + "z".repeat(20 + i);
                    attempted.add(p);
                    try {
                        log.append((byte) 1, bytes(p));
                        acked.add(p);
                    } catch (JournalException e) {
                        return;
                    } catch (Throwable e) {
                        unexpected.set(e);
                        return;
                    }
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join(60_000);
        }
        try {
            log.close();
        } catch (JournalException ignored) {
            // the injected failure, reported once more
        }
        return unexpected.get();
    }
}
