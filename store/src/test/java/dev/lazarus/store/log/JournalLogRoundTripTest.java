package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.reopen;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static dev.lazarus.store.log.LogTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalLogRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void recordsComeBackAcrossSegmentsAndReopens() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> expected = new ArrayList<>();
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            assertEquals(0, log.recovery().records());
            for (int i = 0; i < 60; i++) {
                String s = "record-" + i + "-" + "x".repeat(i % 40);
                assertEquals(i + 1, log.append((byte) (i % 7), bytes(s)));
                expected.add(s);
            }
        }
        assertTrue(segments(dir).size() >= 3, "small segments roll over: " + segments(dir));

        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, small(), c)) {
            assertEquals(expected, c.texts());
            for (int i = 0; i < c.records.size(); i++) {
                Rec r = c.records.get(i);
                assertEquals(i + 1, r.lsn());
                assertEquals((byte) (i % 7), r.type());
            }
            assertEquals(60, log.recovery().lastLsn());
            assertEquals(segments(dir).size(), log.recovery().segments());
            assertTrue(log.recovery().tornTail().isEmpty());
            // appending continues with the next lsn, in the newest segment or a new one
            for (int i = 60; i < 80; i++) {
                String s = "more-" + i;
                assertEquals(i + 1, log.append((byte) 1, bytes(s)));
                expected.add(s);
            }
        }
        assertEquals(expected, reopen(dir).texts());
    }

    @Test
    void emptyLargeAndBinaryPayloadsSurvive() {
        Path dir = tmp.resolve("j");
        byte[] big = new byte[1_500_000]; // larger than the reader's initial window
        new Random(42).nextBytes(big);
        byte[] allValues = new byte[256];
        for (int i = 0; i < 256; i++) {
            allValues[i] = (byte) i;
        }
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            log.append((byte) 0, new byte[0]);
            log.append((byte) -1, big);
            log.append((byte) 127, allValues);
        }
        List<Rec> r = reopen(dir).records;
        assertEquals(3, r.size());
        assertEquals(0, r.get(0).payload().length);
        assertEquals((byte) -1, r.get(1).type());
        assertArrayEquals(big, r.get(1).payload());
        assertArrayEquals(allValues, r.get(2).payload());
    }

    private static java.util.Set<Thread> writers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("lazarus-journal-writer"))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void writerIsOneDaemonThreadWithItsName() throws Exception {
        java.util.Set<Thread> before = writers();
        Thread mine;
        try (JournalLog log = JournalLog.open(tmp.resolve("j"), LogOptions.defaults(), new Collector())) {
            log.append((byte) 1, bytes("a"));
            java.util.Set<Thread> now = writers();
            now.removeAll(before);
            assertEquals(1, now.size());
            mine = now.iterator().next();
            assertTrue(mine.isDaemon());
        }
        assertTrue(!mine.isAlive(), "close stops the writer");
    }

    @Test
    void failingVisitorReleasesTheJournal() {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            log.append((byte) 1, bytes("a"));
        }
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> JournalLog.open(dir, LogOptions.defaults(), (l, t, p) -> {
                    throw new IllegalStateException("engine refused the record");
                }));
        assertEquals("engine refused the record", e.getMessage());
        assertEquals(List.of("a"), reopen(dir).texts(), "the lock was released");
    }

    @Test
    void interruptedAppenderStillGetsItsRecordDurableAndKeepsTheFlag() {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            Thread.currentThread().interrupt();
            try {
                assertEquals(1, log.append((byte) 1, bytes("a")));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
        assertEquals(List.of("a"), reopen(dir).texts());
    }

    @Test
    void tooLargeRecordIsRefused() {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            JournalException e = assertThrows(
                    JournalException.class, () -> log.append((byte) 1, new byte[JournalLog.MAX_RECORD_SIZE + 1]));
            assertEquals("LAZ-106", e.code());
            log.append((byte) 1, bytes("fine"));
        }
        assertEquals(List.of("fine"), reopen(dir).texts());
    }

    @Test
    void appendAfterCloseIsRefused() {
        Path dir = tmp.resolve("j");
        JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector());
        log.append((byte) 1, bytes("a"));
        log.close();
        log.close(); // idempotent
        JournalException e = assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("b")));
        assertEquals("LAZ-105", e.code());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertEquals(List.of("a"), reopen(dir).texts());
    }

    @Test
    void segmentFilesHaveSortableNamesAndCompleteHeaders() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            for (int i = 0; i < 40; i++) {
                log.append((byte) 1, new byte[100]);
            }
        }
        List<Path> segs = segments(dir);
        for (int i = 0; i < segs.size(); i++) {
            assertEquals(
                    String.format("segment-%010d.log", i + 1),
                    segs.get(i).getFileName().toString());
            assertTrue(Files.size(segs.get(i)) >= SegmentFormat.SEGMENT_HEADER_SIZE);
        }
    }

    @Test
    void scanOfMissingDirectoryNamesIt() {
        Path dir = tmp.resolve("nope");
        JournalException e = assertThrows(JournalException.class, () -> JournalLog.scan(dir, (l, t, p) -> {}));
        assertEquals("LAZ-101", e.code());
        assertTrue(e.getMessage().contains(dir.toString()));
    }
}
