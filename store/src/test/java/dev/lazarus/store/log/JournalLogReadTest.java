package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.Rec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store API other parts of Lazarus read the journal through: {@code read(lsn)} on sparse indexes,
 * {@code scanFrom}, {@code open} from an lsn, the read-only {@code scan} from an lsn, {@code segments()},
 * {@code lastLsn()}/{@code durableLsn()} and the append listener.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JournalLogReadTest {
    @TempDir
    Path tmp;

    /** Record i's payload: sizes from 1 byte to more than an index stride, content derived from i. */
    static byte[] payload(int i) {
        int size = i % 7 == 6 ? 70_000 : 4 + (i * 37) % 3000;
        byte[] p = new byte[size];
        for (int k = 0; k < size; k++) {
            p[k] = (byte) (i * 31 + k);
        }
        if (size >= 4) {
            ByteBuffer.wrap(p).putInt(0, i);
        }
        return p;
    }

    private static List<byte[]> append(JournalLog log, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            byte[] p = payload(i);
            assertEquals(i + 1, log.append((byte) (i % 5), p));
            out.add(p);
        }
        return out;
    }

    /** Every lsn reads back as appended (type and bytes); lsns outside the journal read empty. */
    private static void assertReadsAll(JournalLog log, List<byte[]> expected) {
        for (int i = 0; i < expected.size(); i++) {
            StoredRecord r = log.read(i + 1).orElseThrow(() -> new AssertionError("a record is missing"));
            assertEquals(i + 1, r.lsn());
            assertEquals((byte) (i % 5), r.type(), "type of lsn " + (i + 1));
            assertArrayEquals(expected.get(i), r.payload(), "payload of lsn " + (i + 1));
        }
        assertEquals(Optional.empty(), log.read(0));
        assertEquals(Optional.empty(), log.read(-7));
        assertEquals(Optional.empty(), log.read(expected.size() + 1));
    }

    @Test
    void readFindsEveryRecordAcrossRollsAndReopensIncludingSegmentsTheOpenDidNotRead() throws Exception {
        Path dir = tmp.resolve("j");
        LogOptions o = LogOptions.defaults().withSegmentSize(256 * 1024);
        List<byte[]> all;
        try (JournalLog log = JournalLog.open(dir, o, new Collector())) {
            all = new ArrayList<>(append(log, 0, 200));
            assertReadsAll(log, all);
            List<SegmentInfo> segs = log.segments();
            assertTrue(segs.size() >= 4, "several segments: " + segs);
            // the writer indexes as it writes: a sealed segment of 256 KiB has an entry per 64 KiB or so
            assertTrue(log.indexEntries(segs.get(1).number()) >= 3, "writer-made index");
            assertTrue(log.indexEntries(segs.get(segs.size() - 1).number()) >= 1);
        }
        try (JournalLog log = JournalLog.open(dir, o, new Collector())) {
            assertReadsAll(log, all);
            assertTrue(log.indexEntries(log.segments().get(1).number()) >= 3, "scan-made index");
        }
        long from;
        List<SegmentInfo> segs;
        try (JournalLog log = JournalLog.open(dir, o, new Collector())) {
            segs = log.segments();
        }
        from = segs.get(3).firstLsn() + 2;
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, o, from, c)) {
            assertEquals(from, c.records.get(0).lsn(), "the visitor starts at fromLsn");
            assertEquals(all.size() - from + 1, c.records.size());
            for (Rec r : c.records) {
                assertArrayEquals(all.get((int) r.lsn() - 1), r.payload());
            }
            assertEquals(-1, log.indexEntries(segs.get(0).number()), "segment 1 was not read at open");
            assertEquals(-1, log.indexEntries(segs.get(2).number()));
            assertTrue(log.indexEntries(segs.get(3).number()) >= 1, "the segment holding fromLsn was read");
            assertReadsAll(log, all); // indexes made on demand
            assertTrue(log.indexEntries(segs.get(0).number()) >= 3);
            all.addAll(append(log, all.size(), all.size() + 30));
            assertReadsAll(log, all);
        }
    }

    @Test
    void openFromAnLsnDoesNotReadTheSegmentsBeforeIt() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> texts = new ArrayList<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            for (int i = 0; i < 200; i++) {
                log.append((byte) 1, bytes("record-" + i + "-" + "z".repeat(i % 30)));
                texts.add("record-" + i + "-" + "z".repeat(i % 30));
            }
        }
        List<Path> files = segments(dir);
        assertTrue(files.size() >= 5);
        // damage a record in the middle of the first segment: its CRC no longer matches
        List<Long> offsets = LogTestSupport.recordOffsets(files.get(0));
        long damaged = offsets.get(2);
        LogTestSupport.flipByte(files.get(0), damaged + SegmentFormat.RECORD_HEADER_SIZE + 3);
        long from;
        try (var ch = java.nio.channels.FileChannel.open(files.get(2))) {
            ByteBuffer h = ByteBuffer.allocate(24);
            ch.read(h, 0);
            from = h.getLong(16);
        }
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), from, c)) {
            assertEquals(texts.subList((int) from - 1, texts.size()), c.texts());
            JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> log.read(3));
            assertEquals(files.get(0), e.file());
            assertEquals(damaged, e.offset());
            assertEquals(texts.get(1), new String(log.read(2).orElseThrow().payload()));
            log.append((byte) 1, bytes("after"));
        }
        JournalCorruptException e =
                assertThrows(JournalCorruptException.class, () -> JournalLog.open(dir, LogTestSupport.small(), c));
        assertEquals(files.get(0), e.file());
        assertThrows(JournalCorruptException.class, () -> JournalLog.scan(dir, (l, t, p) -> {}));
        // the read-only scan from a later lsn does not read the damaged segment either
        Collector tail = new Collector();
        RecoveryReport report = JournalLog.scan(dir, from, tail);
        assertEquals(texts.size() - from + 2, report.records());
        assertEquals(tail.records.size(), report.records());

        // headers are checked even where records are not read
        LogTestSupport.flipByte(files.get(1), 9);
        e = assertThrows(JournalCorruptException.class, () -> JournalLog.open(dir, LogTestSupport.small(), from, c));
        assertEquals(files.get(1), e.file());
        assertEquals(0, e.offset());
    }

    @Test
    void scanFromStreamsEveryRecordFromAnLsnUpToWhatIsWritten() {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            List<byte[]> all = append(log, 0, 150);
            for (long from : new long[] {-3, 0, 1, 2, 57, 149, 150, 151, 400}) {
                Collector c = new Collector();
                log.scanFrom(from, c);
                int first = (int) Math.max(from, 1);
                assertEquals(Math.max(0, all.size() - first + 1), c.records.size(), "from " + from);
                for (int k = 0; k < c.records.size(); k++) {
                    Rec r = c.records.get(k);
                    assertEquals(first + k, r.lsn());
                    assertArrayEquals(all.get(first + k - 1), r.payload());
                    assertEquals((byte) ((first + k - 1) % 5), r.type());
                }
            }
            // what is appended while the scan runs is not part of it
            List<Long> seen = new ArrayList<>();
            log.scanFrom(148, (l, t, p) -> {
                seen.add(l);
                log.append((byte) 0, bytes("during"));
            });
            assertEquals(List.of(148L, 149L, 150L), seen);
            assertEquals(153, log.lastLsn());
        }
    }

    @Test
    void readOnlyScanFromAnLsnWhileTheOwnerAppends() {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            List<byte[]> all = append(log, 0, 80);
            Collector c = new Collector();
            RecoveryReport r = JournalLog.scan(dir, 33, c);
            assertEquals(48, c.records.size());
            assertEquals(48, r.records());
            assertEquals(80, r.lastLsn());
            assertEquals(33, c.records.get(0).lsn());
            assertArrayEquals(all.get(79), c.records.get(47).payload());
            assertEquals(log.segments().size(), r.segments());
        }
    }

    @Test
    void segmentsDescribeContiguousRangesAndSizes() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            append(log, 0, 60);
            List<SegmentInfo> segs = log.segments();
            assertTrue(segs.size() >= 5);
            assertEquals(1, segs.get(0).firstLsn());
            for (int i = 0; i < segs.size(); i++) {
                SegmentInfo s = segs.get(i);
                assertEquals(i + 1, s.number());
                assertEquals(dir.toAbsolutePath().resolve(SegmentFormat.segmentName(i + 1)), s.file());
                assertEquals(Files.size(s.file()), s.bytes(), s.toString());
                assertEquals(2, s.version());
                assertFalse(s.compacted());
                assertEquals(i < segs.size() - 1, s.sealed());
                if (i > 0) {
                    assertEquals(segs.get(i - 1).lastLsn() + 1, s.firstLsn(), "contiguous");
                }
            }
            assertEquals(60, segs.get(segs.size() - 1).lastLsn());
        }
    }

    @Test
    void lastAndDurableLsnFollowTheModes() {
        try (JournalLog log = JournalLog.open(tmp.resolve("f"), LogOptions.defaults(), new Collector())) {
            assertEquals(0, log.lastLsn());
            assertEquals(0, log.durableLsn());
            log.append((byte) 1, bytes("a"));
            assertEquals(1, log.lastLsn());
            assertEquals(1, log.durableLsn());
        }
        LogOptions process =
                LogOptions.defaults().withDurability(Durability.PROCESS).withSyncInterval(Duration.ofHours(1));
        try (JournalLog log = JournalLog.open(tmp.resolve("p"), process, new Collector())) {
            log.append((byte) 1, bytes("a"));
            assertEquals(1, log.durableLsn(), "process mode promises the write");
        }
        LogOptions async =
                LogOptions.defaults().withDurability(Durability.ASYNC).withSyncInterval(Duration.ofHours(1));
        try (JournalLog log = JournalLog.open(tmp.resolve("a"), async, new Collector())) {
            assertEquals(1, log.append((byte) 1, bytes("a")));
            assertEquals(2, log.append((byte) 1, bytes("b")));
            assertEquals(2, log.lastLsn());
            assertEquals(0, log.durableLsn(), "nothing written yet: the writer waits for the interval");
            // reading an lsn that is assigned but not written writes it (an hour's wait would time the test out)
            assertEquals("b", new String(log.read(2).orElseThrow().payload()));
            assertEquals(2, log.durableLsn());
        }
    }

    @Test
    void theAppendListenerSeesEveryRecordInLsnOrderFromManyThreads() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            log.append((byte) 1, bytes("before"));
            List<Long> lsns = new ArrayList<>(); // the listener runs under the append lock: no other guard needed
            List<byte[]> payloads = new ArrayList<>();
            assertEquals(1, log.onAppend((lsn, type, payload) -> {
                lsns.add(lsn);
                payloads.add(payload);
            }));
            int threads = 4;
            int each = 300;
            Map<Long, byte[]> returned = new ConcurrentHashMap<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        byte[] p = bytes("t" + id + "-" + i);
                        returned.put(log.append((byte) 2, p), p);
                    }
                });
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join();
            }
            log.onAppend(null);
            log.append((byte) 1, bytes("after"));
            assertEquals(threads * each, lsns.size());
            for (int k = 0; k < lsns.size(); k++) {
                long lsn = lsns.get(k);
                assertEquals(k + 2, lsn, "consecutive, in lsn order");
                assertSame(returned.get(lsn), payloads.get(k), "the listener saw the record that got this lsn");
                assertArrayEquals(payloads.get(k), log.read(lsn).orElseThrow().payload());
            }
        }
    }

    @Test
    void aFailingListenerDoesNotCostTheRecord() {
        Path dir = tmp.resolve("j");
        IllegalStateException boom = new IllegalStateException("index bug");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            log.onAppend((lsn, type, payload) -> {
                if (payload.length == 4) {
                    throw boom;
                }
            });
            log.append((byte) 1, bytes("a"));
            assertSame(boom, assertThrows(IllegalStateException.class, () -> log.append((byte) 1, bytes("boom"))));
            assertEquals(3, log.append((byte) 1, bytes("c")));
            assertEquals("boom", new String(log.read(2).orElseThrow().payload()));
        }
        assertEquals(List.of("a", "boom", "c"), LogTestSupport.reopen(dir).texts());
    }

    @Test
    void readsAndScansRaceAppendsAndRollOvers() throws Exception {
        for (Durability mode : Durability.values()) {
            Path dir = tmp.resolve("race-" + mode);
            LogOptions o = LogTestSupport.small().withDurability(mode).withSyncInterval(Duration.ofMillis(20));
            try (JournalLog log = JournalLog.open(dir, o, new Collector())) {
                Map<Long, byte[]> byLsn = new ConcurrentHashMap<>();
                log.onAppend((lsn, type, payload) -> byLsn.put(lsn, payload));
                AtomicBoolean done = new AtomicBoolean();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<Thread> appenders = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int id = t;
                    appenders.add(new Thread(() -> {
                        for (int i = 0; i < 300; i++) {
                            log.append((byte) 1, bytes("t" + id + "-" + i + "-" + "q".repeat(i % 50)));
                        }
                    }));
                }
                List<Thread> readers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    long seed = t;
                    readers.add(new Thread(() -> {
                        Random random = new Random(seed);
                        int reads = 0;
                        try {
                            while (!done.get() || reads < 200) {
                                long last = log.lastLsn();
                                if (last == 0) {
                                    continue;
                                }
                                long lsn = 1 + random.nextInt((int) last);
                                byte[] got = log.read(lsn)
                                        .orElseThrow(() -> new AssertionError("lsn " + lsn))
                                        .payload();
                                assertArrayEquals(byLsn.get(lsn), got, "lsn " + lsn);
                                if (reads++ % 50 == 0) {
                                    long[] expect = {lsn};
                                    log.scanFrom(lsn, (l, ty, p) -> {
                                        assertEquals(expect[0]++, l);
                                        assertArrayEquals(byLsn.get(l), p);
                                    });
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                readers.forEach(Thread::start);
                appenders.forEach(Thread::start);
                for (Thread th : appenders) {
                    th.join();
                }
                done.set(true);
                for (Thread th : readers) {
                    th.join();
                }
                if (failure.get() != null) {
                    throw new AssertionError(mode + ": " + failure.get(), failure.get());
                }
                assertEquals(900, byLsn.size());
                if (mode != Durability.ASYNC) { // async batches can hold everything in one write
                    assertTrue(log.segments().size() >= 3, mode + ": roll-overs happened");
                }
            }
        }
    }

    @Test
    void readersOfManySegmentsKeepFewFilesOpen() {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            List<byte[]> all = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] p = bytes("record-" + i + "-" + "w".repeat(200));
                log.append((byte) (i % 5), p);
                all.add(p);
            }
            assertTrue(
                    log.segments().size() > 2 * SegmentMap.MAX_OPEN_READERS,
                    "segments: " + log.segments().size());
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < all.size(); i++) {
                    assertArrayEquals(all.get(i), log.read(i + 1).orElseThrow().payload());
                    assertTrue(log.openReaders() <= SegmentMap.MAX_OPEN_READERS, "open readers: " + log.openReaders());
                }
            }
        }
    }

    @Test
    void readsAfterCloseAreRefused() {
        JournalLog log = JournalLog.open(tmp.resolve("j"), LogOptions.defaults(), new Collector());
        log.append((byte) 1, bytes("a"));
        log.close();
        assertEquals(
                "LAZ-105",
                assertThrows(JournalException.class, () -> log.read(1)).code());
        assertEquals(
                "LAZ-105",
                assertThrows(JournalException.class, () -> log.scanFrom(1, (l, t, p) -> {}))
                        .code());
        assertEquals(0, log.openReaders());
    }
}
