package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.Rec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link JournalLog#compact}: what it keeps, where, and that appenders and readers never wait for it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CompactionTest {
    @TempDir
    Path tmp;

    private static String text(long lsn) {
        return "record-" + lsn + "-" + "k".repeat((int) (lsn * 7 % 60));
    }

    /** Appends records up to {@code lastLsn}, into {@code model} (lsn to text). */
    private static void appendUpTo(JournalLog log, long lastLsn, TreeMap<Long, String> model) {
        for (long lsn = log.lastLsn() + 1; lsn <= lastLsn; lsn++) {
            assertEquals(lsn, log.append((byte) (lsn % 3), bytes(text(lsn))));
            model.put(lsn, text(lsn));
        }
    }

    /** What {@code log} holds, by read(lsn) of every lsn, by scanFrom, and by a read-only scan, equals the model. */
    private static void assertHolds(JournalLog log, TreeMap<Long, String> model, String what) {
        long last = log.lastLsn();
        for (long lsn = 1; lsn <= last + 1; lsn++) {
            Optional<StoredRecord> r = log.read(lsn);
            String expected = model.get(lsn);
            if (expected == null) {
                assertEquals(Optional.empty(), r, what + ": lsn " + lsn + " was compacted away");
            } else {
                assertEquals(expected, new String(r.orElseThrow().payload(), StandardCharsets.UTF_8), what);
                assertEquals((byte) (lsn % 3), r.get().type(), what);
            }
        }
        Collector c = new Collector();
        log.scanFrom(1, c);
        assertEquals(model, asMap(c), what + ": scanFrom");
        Collector s = new Collector();
        JournalLog.scan(log.directory(), s);
        assertEquals(model, asMap(s), what + ": read-only scan");
    }

    private static TreeMap<Long, String> asMap(Collector c) {
        TreeMap<Long, String> m = new TreeMap<>();
        long prev = 0;
        for (Rec r : c.records) {
            assertTrue(r.lsn() > prev, "lsns increase");
            prev = r.lsn();
            m.put(r.lsn(), r.text());
        }
        return m;
    }

    private static void reopenHolds(Path dir, TreeMap<Long, String> model, String what) {
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), c)) {
            assertEquals(model, asMap(c), what + ": reopened");
            assertHolds(log, model, what + " (reopened)");
        }
        // an open from the middle reads the compacted segments before it on demand
        long from = model.isEmpty() ? 1 : model.lastKey() / 2;
        Collector tail = new Collector();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), from, tail)) {
            assertEquals(new TreeMap<>(model.tailMap(from, true)), asMap(tail), what + ": open from " + from);
            assertHolds(log, model, what + " (opened from " + from + ")");
        }
    }

    private static CompactionResult compact(
            JournalLog log, List<Long> run, LongPredicate keep, TreeMap<Long, String> model) {
        Map<Long, SegmentInfo> byNumber = new TreeMap<>();
        log.segments().forEach(s -> byNumber.put(s.number(), s));
        long first = byNumber.get(run.get(0)).firstLsn();
        long last = byNumber.get(run.get(run.size() - 1)).lastLsn();
        List<Long> seen = new ArrayList<>();
        CompactionResult r = log.compact(run, (lsn, type, payload) -> {
            seen.add(lsn);
            assertEquals(model.get(lsn), new String(payload, StandardCharsets.UTF_8));
            return keep.test(lsn);
        });
        assertEquals(new ArrayList<>(model.subMap(first, true, last, true).keySet()), seen, "the filter sees the run");
        int before = model.size();
        model.entrySet().removeIf(e -> e.getKey() >= first && e.getKey() <= last && !keep.test(e.getKey()));
        assertEquals(run.get(0), r.segment());
        assertEquals(run.subList(1, run.size()), r.removedSegments());
        assertEquals(first, r.firstLsn());
        assertEquals(last, r.coveredThroughLsn());
        assertEquals(before - model.size(), r.recordsDropped());
        assertEquals(seen.size() - r.recordsDropped(), r.recordsKept());
        return r;
    }

    @Test
    void compactionKeepsWhatTheFilterAcceptsWithTheSameLsnsInTheRunsFirstSegment() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 200, model);
            List<SegmentInfo> before = log.segments();
            assertTrue(before.size() >= 8, "segments: " + before.size());
            List<Long> run = List.of(
                    before.get(2).number(),
                    before.get(3).number(),
                    before.get(4).number());
            CompactionResult r = compact(log, run, lsn -> lsn % 2 == 0, model);
            long runBytes = before.get(2).bytes()
                    + before.get(3).bytes()
                    + before.get(4).bytes();
            assertEquals(runBytes, r.bytesBefore());
            assertTrue(r.bytesAfter() < r.bytesBefore());
            assertEquals(r.bytesBefore() - r.bytesAfter(), r.bytesReclaimed());

            List<SegmentInfo> after = log.segments();
            assertEquals(before.size() - 2, after.size());
            SegmentInfo c = after.get(2);
            assertEquals(run.get(0), c.number());
            assertTrue(c.compacted() && c.sealed());
            assertEquals(2, c.version());
            assertEquals(before.get(2).firstLsn(), c.firstLsn());
            assertEquals(before.get(4).lastLsn(), c.lastLsn());
            assertEquals(Files.size(c.file()), c.bytes());
            assertEquals(r.bytesAfter(), c.bytes());
            assertEquals(after.get(3).firstLsn(), c.lastLsn() + 1);
            assertFalse(Files.exists(before.get(3).file()));
            assertFalse(Files.exists(before.get(4).file()));
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".compacting")));
            }
            assertHolds(log, model, "after the compaction");
            appendUpTo(log, 230, model);
            assertHolds(log, model, "appends go on");
        }
        reopenHolds(dir, model, "compacted");
    }

    @Test
    void compactionsMergeCompactedSegmentsEmptyOnesIncludedAndTheFirstSegmentStartsAtLsn1() {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 200, model);
            List<SegmentInfo> s = log.segments();
            // the first segments, keeping nothing: an empty compacted segment that still starts at lsn 1
            compact(log, List.of(s.get(0).number(), s.get(1).number()), lsn -> false, model);
            SegmentInfo empty = log.segments().get(0);
            assertEquals(1, empty.firstLsn());
            assertTrue(empty.compacted());
            assertEquals(SegmentFormat.SEGMENT_HEADER_SIZE, empty.bytes(), "header only");
            assertHolds(log, model, "empty first");
            // merge it with the next plain ones
            s = log.segments();
            compact(log, List.of(s.get(0).number(), s.get(1).number(), s.get(2).number()), lsn -> lsn % 3 == 0, model);
            assertHolds(log, model, "merged");
            // one compacted segment alone, stricter
            s = log.segments();
            compact(log, List.of(s.get(0).number()), lsn -> lsn % 9 == 0, model);
            assertHolds(log, model, "alone");
            // a compacted segment with a plain one in the middle of the journal
            appendUpTo(log, 260, model);
            s = log.segments();
            compact(log, List.of(s.get(3).number(), s.get(4).number()), lsn -> lsn % 2 == 1, model);
            s = log.segments();
            compact(log, List.of(s.get(2).number(), s.get(3).number(), s.get(4).number()), lsn -> lsn % 4 == 1, model);
            assertHolds(log, model, "middle");
            assertEquals(1, log.segments().get(0).firstLsn());
        }
        reopenHolds(dir, model, "merged");
    }

    @Test
    void aRunMustBeConsecutiveSealedLiveSegments() {
        try (JournalLog log = JournalLog.open(tmp.resolve("j"), LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 100, new TreeMap<>());
            List<SegmentInfo> s = log.segments();
            long active = s.get(s.size() - 1).number();
            RecordFilter all = (l, t, p) -> true;
            for (List<Long> bad : List.of(
                    List.<Long>of(),
                    List.of(1L, 3L),
                    List.of(2L, 1L),
                    List.of(active),
                    List.of(active - 1, active),
                    List.of(999L))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> log.compact(bad, all), bad.toString());
                assertFalse(e.getMessage().contains("\n"));
            }
            log.compact(List.of(1L, 2L), all);
            // segment 2 is gone: a run naming it is refused
            assertThrows(IllegalArgumentException.class, () -> log.compact(List.of(2L, 3L), all));
            log.compact(List.of(1L, 3L), all);
        }
    }

    /**
     * A compaction never takes the append lock: while one is held inside its filter (so it is certainly running),
     * appends go on, roll over to new segments, and read back; the compaction then finishes with them in place. If
     * appends waited for the compaction, the filter's wait for them would run out and the test would fail.
     */
    @Test
    void appendsGoOnWhileACompactionRuns() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 120, model);
            List<SegmentInfo> s = log.segments();
            List<Long> run =
                    List.of(s.get(1).number(), s.get(2).number(), s.get(3).number());
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch appended = new CountDownLatch(1);
            AtomicBoolean appendsCameFirst = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<CompactionResult> result = new AtomicReference<>();
            Thread compactor = new Thread(() -> {
                try {
                    result.set(log.compact(run, (lsn, type, payload) -> {
                        if (running.getCount() > 0) {
                            running.countDown();
                            try {
                                appendsCameFirst.set(appended.await(60, TimeUnit.SECONDS));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        return lsn % 2 == 0;
                    }));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            compactor.start();
            assertTrue(running.await(60, TimeUnit.SECONDS));
            int segmentsBefore = log.segments().size();
            appendUpTo(log, 200, model);
            for (long lsn = 121; lsn <= 200; lsn++) {
                assertEquals(text(lsn), new String(log.read(lsn).orElseThrow().payload(), StandardCharsets.UTF_8));
            }
            // records of the run being compacted read as before, meanwhile
            long inRun = log.segments().get(2).firstLsn() + 1;
            assertEquals(text(inRun), new String(log.read(inRun).orElseThrow().payload(), StandardCharsets.UTF_8));
            assertTrue(log.segments().size() > segmentsBefore, "roll-overs during the compaction");
            appended.countDown();
            compactor.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertTrue(appendsCameFirst.get(), "the appends did not wait for the compaction");
            long first = s.get(1).firstLsn();
            long last = s.get(3).lastLsn();
            model.entrySet().removeIf(e -> e.getKey() >= first && e.getKey() <= last && e.getKey() % 2 != 0);
            assertHolds(log, model, "after");
        }
        reopenHolds(dir, model, "after");
    }

    /** Readers see every lsn either as it was or, once compacted away, as absent; never anything else. */
    @Test
    void readsAndScansRaceCompactions() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        Set<Long> dropped = ConcurrentHashMap.newKeySet();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 400, model);
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                long seed = t;
                readers.add(new Thread(() -> {
                    Random random = new Random(seed);
                    int rounds = 0;
                    try {
                        while (!done.get() || rounds < 100) {
                            rounds++;
                            long lsn = 1 + random.nextInt(400);
                            Optional<StoredRecord> r = log.read(lsn);
                            if (r.isPresent()) {
                                assertEquals(text(lsn), new String(r.get().payload(), StandardCharsets.UTF_8));
                            } else {
                                assertTrue(dropped.contains(lsn), "lsn " + lsn + " vanished");
                            }
                            if (rounds % 20 == 0) {
                                long[] prev = {lsn - 1};
                                log.scanFrom(lsn, (l, ty, p) -> {
                                    assertTrue(l > prev[0], "increasing");
                                    for (long gap = prev[0] + 1; gap < l; gap++) {
                                        assertTrue(dropped.contains(gap), "lsn " + gap + " skipped");
                                    }
                                    prev[0] = l;
                                    assertEquals(text(l), new String(p, StandardCharsets.UTF_8));
                                });
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            readers.forEach(Thread::start);
            Random random = new Random(7);
            for (int round = 0; round < 25 && failure.get() == null; round++) {
                List<SegmentInfo> s = log.segments();
                int a = random.nextInt(s.size() - 1);
                int b = Math.min(s.size() - 2, a + random.nextInt(3));
                List<Long> run =
                        s.subList(a, b + 1).stream().map(SegmentInfo::number).toList();
                int mod = 2 + random.nextInt(4);
                log.compact(run, (lsn, type, payload) -> {
                    boolean keep = lsn % mod != 0 && !dropped.contains(lsn);
                    if (!keep) {
                        dropped.add(lsn); // before the commit: a reader that finds it gone finds it here
                    }
                    return keep;
                });
            }
            done.set(true);
            for (Thread th : readers) {
                th.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            model.keySet().removeAll(dropped);
            assertHolds(log, model, "after the race");
        }
        reopenHolds(dir, model, "after the race");
    }

    /**
     * The command line scans without the lock while the application compacts: a file replaced or deleted under
     * the scan makes it list the directory again and go on after the last record it handed over, so each record
     * comes once, in order, as it was or not at all.
     */
    @Test
    void readOnlyScansRaceCompactions() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        Set<Long> dropped = ConcurrentHashMap.newKeySet();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 300, model);
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int[] scans = {0};
            Thread scanner = new Thread(() -> {
                try {
                    while (!done.get() || scans[0] < 5) {
                        scans[0]++;
                        long[] prev = {0};
                        JournalLog.scan(dir, (l, ty, p) -> {
                            assertTrue(l > prev[0], "increasing");
                            for (long gap = prev[0] + 1; gap < l; gap++) {
                                assertTrue(dropped.contains(gap), "lsn " + gap + " skipped");
                            }
                            prev[0] = l;
                            assertEquals(text(l), new String(p, StandardCharsets.UTF_8));
                        });
                        for (long gap = prev[0] + 1; gap <= 300; gap++) {
                            assertTrue(dropped.contains(gap), "lsn " + gap + " missing at the end");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            scanner.start();
            Random random = new Random(11);
            for (int round = 0; round < 30 && failure.get() == null; round++) {
                List<SegmentInfo> s = log.segments();
                int a = random.nextInt(s.size() - 1);
                int b = Math.min(s.size() - 2, a + random.nextInt(3));
                int mod = 2 + random.nextInt(5);
                log.compact(
                        s.subList(a, b + 1).stream().map(SegmentInfo::number).toList(), (lsn, type, payload) -> {
                            boolean keep = lsn % mod != 0;
                            if (!keep) {
                                dropped.add(lsn);
                            }
                            return keep;
                        });
            }
            done.set(true);
            scanner.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            model.keySet().removeAll(dropped);
            assertHolds(log, model, "after");
        }
    }

    /**
     * A long scan of a journal the application compacts every few hundred milliseconds meets more replaced files
     * than a scan would retry in a row: as long as each attempt reads on, it goes on to the end.
     */
    @Test
    void aScanMeetingManyCompactionsGoesOnWhileItReadsOn() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 3000, model);
            int[] compactions = {0};
            List<Long> seen = new ArrayList<>();
            Path[] reading = {null};
            JournalLog.scan(dir, (segment, offset, l, ty, p) -> {
                seen.add(l);
                if (!segment.equals(reading[0])) {
                    reading[0] = segment;
                    // entering a segment: the next one is rewritten under the scan (all kept, a new file), so the
                    // scan finds it replaced when it gets there, lists the directory again and goes on
                    log.segments().stream()
                            .filter(info -> info.sealed() && info.firstLsn() > l)
                            .findFirst()
                            .ifPresent(next -> {
                                log.compact(List.of(next.number()), (lsn, type, payload) -> true);
                                compactions[0]++;
                            });
                }
            });
            assertTrue(compactions[0] > 20, compactions[0] + " compactions during the scan");
            assertEquals(new ArrayList<>(model.keySet()), seen, "every record once, in order");
        }
    }

    /**
     * A compaction deletes the files of the run it merged one by one, and each attempt of a read-only scan reads every
     * segment's header first: attempts that start over at once chase it, and a CI run saw ten in a row meet a file
     * deleted under them ({@code send-event} failed with LAZ-101 while the application compacted). Here the first
     * segment is merged again after every listing, twenty times in a row (twice what the scan once tolerated), so
     * no attempt reads a record until it stops; the scan waits longer each time and then reads everything once.
     */
    @Test
    void aScanWaitsOutACompactionThatKeepsReplacingTheSegmentAhead() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 3000, model);
            int merges = 20;
            assertTrue(log.segments().stream().filter(SegmentInfo::sealed).count() > merges + 1, "enough segments");
            List<Long> pauses = new ArrayList<>();
            int[] replaced = {0};
            JournalLog.ScanPacing pacing = new JournalLog.ScanPacing() {
                @Override
                public void pause(long millis) {
                    pauses.add(millis);
                }

                @Override
                public void listed() {
                    if (replaced[0] < merges) {
                        // the first segment's file is replaced by the merge of it and the next: its header changes
                        List<SegmentInfo> segs = log.segments();
                        log.compact(List.of(segs.get(0).number(), segs.get(1).number()), (lsn, type, p) -> true);
                        replaced[0]++;
                    }
                }
            };
            List<Long> seen = new ArrayList<>();
            JournalLog.scanReadOnly(dir.toAbsolutePath(), 0, (segment, offset, l, ty, p) -> seen.add(l), pacing);
            assertEquals(merges, replaced[0]);
            assertEquals(new ArrayList<>(model.keySet()), seen, "every record once, in order");
            assertEquals(merges, pauses.size(), "one pause per attempt that met a replaced file: " + pauses);
            for (int i = 1; i < pauses.size(); i++) {
                assertTrue(pauses.get(i) >= pauses.get(i - 1), "the pauses never shorten: " + pauses);
            }
            assertTrue(pauses.get(pauses.size() - 1) > pauses.get(0), "the pauses grow: " + pauses);
        }
    }

    /** Closing stops a running compaction, which leaves the journal as it was; nothing is written after the lock goes. */
    @Test
    void closeStopsARunningCompaction() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector());
        appendUpTo(log, 100, model);
        List<SegmentInfo> s = log.segments();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread compactor = new Thread(() -> {
            try {
                log.compact(List.of(s.get(0).number(), s.get(1).number()), (lsn, type, payload) -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return false;
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        compactor.start();
        assertTrue(running.await(60, TimeUnit.SECONDS));
        Thread closer = new Thread(log::close);
        closer.start();
        // close marks the journal closing first, then waits for the writer and for the compaction
        while (closer.getState() != Thread.State.WAITING || writerAlive()) {
            Thread.onSpinWait();
        }
        release.countDown();
        compactor.join();
        closer.join();
        assertTrue(outcome.get() instanceof JournalException, String.valueOf(outcome.get()));
        assertEquals("LAZ-105", ((JournalException) outcome.get()).code());
        assertTrue(
                outcome.get().getMessage().contains("unchanged"), outcome.get().getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".compacting")));
        }
        reopenHolds(dir, model, "after a stopped compaction");
        JournalException e = assertThrows(JournalException.class, () -> log.compact(List.of(1L), (l, t, p) -> true));
        assertEquals("LAZ-105", e.code());
    }

    private static boolean writerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("lazarus-journal-writer") && t.isAlive());
    }

    @Test
    void version1SegmentsCompactIntoAVersion2Segment() throws Exception {
        Path dir = tmp.resolve("j");
        TreeMap<Long, String> model = new TreeMap<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            appendUpTo(log, 90, model);
        }
        for (Path p : LogTestSupport.segments(dir)) { // as the first released format wrote them
            byte[] all = Files.readAllBytes(p);
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(all);
            byte[] v1 = new byte[SegmentFormat.V1_HEADER_SIZE];
            SegmentFormat.encodeVersion1Header(h.getLong(8), h.getLong(16)).get(v1);
            byte[] out = new byte[v1.length + all.length - SegmentFormat.V2_HEADER_SIZE];
            System.arraycopy(v1, 0, out, 0, v1.length);
            System.arraycopy(
                    all, SegmentFormat.V2_HEADER_SIZE, out, v1.length, all.length - SegmentFormat.V2_HEADER_SIZE);
            Files.write(p, out);
        }
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            List<SegmentInfo> s = log.segments();
            assertEquals(1, s.get(0).version());
            compact(log, List.of(s.get(2).number(), s.get(3).number()), lsn -> lsn % 3 != 0, model);
            releasedReaderMeetsVersion2BeforeAHole(log.segments());
            compact(log, List.of(s.get(0).number(), s.get(1).number()), lsn -> lsn % 5 != 0, model);
            assertEquals(1, log.segments().get(0).number());
            assertEquals(2, log.segments().get(0).version());
            assertEquals(2, log.segments().get(1).version());
            assertEquals(1, log.segments().get(2).version());
            releasedReaderMeetsVersion2BeforeAHole(log.segments());
            assertHolds(log, model, "v1 compacted");
            appendUpTo(log, 100, model);
        }
        reopenHolds(dir, model, "v1 compacted");
    }

    /**
     * The released reader (format 1) wants segment numbers from 1 without holes and stops at the first hole with
     * LAZ-102 ("segment N is missing"), before it reads any later header. A compaction's output takes the number of
     * its run's first segment, so walking the numbers from 1 meets a version-2 segment (which that reader refuses
     * as a newer format, LAZ-107) before any hole.
     */
    private static void releasedReaderMeetsVersion2BeforeAHole(List<SegmentInfo> segments) {
        Map<Long, SegmentInfo> byNumber = new TreeMap<>();
        segments.forEach(x -> byNumber.put(x.number(), x));
        for (long n = 1; ; n++) {
            SegmentInfo x = byNumber.get(n);
            assertTrue(x != null, "segment " + n + " is missing before any version-2 segment: " + segments);
            if (x.version() == 2) {
                return;
            }
        }
    }

    @Test
    void aPayloadIsKeptByteForByte() {
        Path dir = tmp.resolve("j");
        byte[] big = new byte[300_000]; // larger than the compaction's write chunk
        new Random(3).nextBytes(big);
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            log.append((byte) 7, big);
            log.append((byte) 8, new byte[0]);
            for (int i = 0; i < 30; i++) {
                log.append((byte) 9, bytes("filler-" + "f".repeat(100)));
            }
            List<SegmentInfo> s = log.segments();
            assertTrue(s.size() >= 3);
            log.compact(List.of(s.get(0).number(), s.get(1).number()), (l, t, p) -> true);
            assertArrayEquals(big, log.read(1).orElseThrow().payload());
            assertEquals(7, log.read(1).orElseThrow().type());
            assertEquals(0, log.read(2).orElseThrow().payload().length);
        }
        Collector c = new Collector();
        JournalLog.open(dir, LogOptions.defaults(), c).close();
        assertArrayEquals(big, c.records.get(0).payload());
        assertEquals(32, c.records.size());
    }
}
