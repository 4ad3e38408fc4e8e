package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.recordOffsets;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static dev.lazarus.store.log.LogTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionTest {
    @TempDir
    Path tmp;

    /** Four or more segments of 24-byte records. */
    private Path journal() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            for (int i = 0; i < 90; i++) {
                log.append((byte) 3, bytes(String.format("rec-%04d-abcdefghijklmnop", i)));
            }
        }
        assertTrue(segments(dir).size() >= 4);
        return dir;
    }

    private static JournalCorruptException refused(Path dir) {
        JournalCorruptException e =
                assertThrows(JournalCorruptException.class, () -> JournalLog.open(dir, small(), new Collector()));
        assertEquals("LAZ-102", e.code());
        // the read-only scan refuses it as well
        assertThrows(JournalCorruptException.class, () -> JournalLog.scan(dir, (l, t, p) -> {}));
        return e;
    }

    private static void assertNames(JournalCorruptException e, Path file, long offset) {
        assertEquals(file, e.file());
        assertEquals(offset, e.offset());
        assertTrue(e.getMessage().contains(file + " offset " + offset), e.getMessage());
        assertTrue(e.getMessage().contains("verify") && e.getMessage().contains("backup"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void flippedByteInTheMiddleOfAnOlderSegmentIsRefused() throws Exception {
        Path dir = journal();
        Path seg = segments(dir).get(1);
        List<Long> offsets = recordOffsets(seg);
        long rec = offsets.get(offsets.size() / 2);
        LogTestSupport.flipByte(seg, rec + SegmentFormat.RECORD_HEADER_SIZE + 5);
        JournalCorruptException e = refused(dir);
        assertNames(e, seg, rec);
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
        // the last record of an older segment is not a tail either
        Path dir2 = tmp.resolve("j2");
        LogTestSupport.copyDir(dir, dir2);
        LogTestSupport.flipByte(dir2.resolve(seg.getFileName()), rec + SegmentFormat.RECORD_HEADER_SIZE + 5); // undo
        Path first = dir2.resolve(segments(dir).get(0).getFileName());
        LogTestSupport.truncate(first, Files.size(first) - 1);
        assertNames(
                refused(dir2),
                first,
                recordOffsets(first).get(recordOffsets(first).size() - 1));
    }

    @Test
    void flippedByteInANonFinalRecordOfTheNewestSegmentIsRefused() throws Exception {
        Path dir = journal();
        List<Path> segs = segments(dir);
        Path newest = segs.get(segs.size() - 1);
        List<Long> offsets = recordOffsets(newest);
        assertTrue(offsets.size() >= 2);
        long rec = offsets.get(offsets.size() - 2);
        LogTestSupport.flipByte(newest, rec + SegmentFormat.RECORD_HEADER_SIZE + 1);
        JournalCorruptException e = refused(dir);
        assertNames(e, newest, rec);
        assertTrue(
                e.getMessage().contains("valid record follows at offset " + offsets.get(offsets.size() - 1)),
                e.getMessage());
        assertTrue(Files.size(newest) > rec + 40, "nothing was truncated");
    }

    @Test
    void flippedByteInAnOlderSegmentHeaderIsRefused() throws Exception {
        Path dir = journal();
        Path seg = segments(dir).get(0);
        LogTestSupport.flipByte(seg, 12);
        assertNames(refused(dir), seg, 0);
    }

    @Test
    void deletedMiddleSegmentIsRefused() throws Exception {
        Path dir = journal();
        List<Path> segs = segments(dir);
        Files.delete(segs.get(1));
        JournalCorruptException e = refused(dir);
        assertNames(e, segs.get(2), 0);
        assertTrue(e.getMessage().contains(SegmentFormat.segmentName(2) + ") is missing"), e.getMessage());
    }

    @Test
    void deletedFirstSegmentIsRefused() throws Exception {
        Path dir = journal();
        List<Path> segs = segments(dir);
        Files.delete(segs.get(0));
        assertNames(refused(dir), segs.get(1), 0);
    }

    @Test
    void swappedSegmentsAreRefused() throws Exception {
        Path dir = journal();
        List<Path> segs = segments(dir);
        Path tmpName = dir.resolve("swap");
        Files.move(segs.get(1), tmpName);
        Files.move(segs.get(2), segs.get(1));
        Files.move(tmpName, segs.get(2), StandardCopyOption.ATOMIC_MOVE);
        JournalCorruptException e = refused(dir);
        assertNames(e, segs.get(1), 0);
        assertTrue(e.getMessage().contains("renamed or swapped"), e.getMessage());
    }

    @Test
    void lsnGapBetweenSegmentsIsRefused() throws Exception {
        Path dir = journal();
        List<Path> segs = segments(dir);
        // a well-formed header (valid CRC) whose first lsn does not follow the previous segment
        ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(segs.get(2)), 0, SegmentFormat.SEGMENT_HEADER_SIZE);
        long first = h.getLong(16);
        byte[] patched = new byte[SegmentFormat.SEGMENT_HEADER_SIZE];
        SegmentFormat.encodeHeader(3, first + 1).get(patched);
        LogTestSupport.poke(segs.get(2), 0, patched);
        JournalCorruptException e = refused(dir);
        assertNames(e, segs.get(2), 0);
        assertTrue(e.getMessage().contains("lsn " + first + " was expected"), e.getMessage());
    }

    @Test
    void recordWithValidCrcButWrongLsnIsRefusedEvenAtTheTail() throws Exception {
        Path dir = journal();
        List<Path> segs = segments(dir);
        Path newest = segs.get(segs.size() - 1);
        List<Long> offsets = recordOffsets(newest);
        long last = offsets.get(offsets.size() - 1);
        byte[] file = Files.readAllBytes(newest);
        ByteBuffer b = ByteBuffer.wrap(file);
        int at = (int) last;
        long lsn = b.getLong(at + 5);
        b.putLong(at + 5, lsn + 1); // skip one lsn
        CRC32C crc = new CRC32C();
        b.putInt(at + 13, SegmentFormat.recordCrc(crc, file, at, b.getInt(at)));
        Files.write(newest, file);
        JournalCorruptException e = refused(dir);
        assertNames(e, newest, last);
        assertTrue(e.getMessage().contains("lsn " + (lsn + 1) + " where " + lsn), e.getMessage());
    }

    @Test
    void hugeCorruptLengthDoesNotAllocate() throws Exception {
        for (int length : new int[] {Integer.MAX_VALUE - 8, 50 << 20, -5}) {
            for (boolean last : new boolean[] {true, false}) {
                Path dir = tmp.resolve("huge-" + length + "-" + last);
                try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
                    for (int i = 0; i < 5; i++) {
                        log.append((byte) 1, bytes("some record " + i));
                    }
                }
                Path seg = segments(dir).get(0);
                List<Long> offsets = recordOffsets(seg);
                long rec = offsets.get(last ? 4 : 2);
                LogTestSupport.poke(
                        seg, rec, ByteBuffer.allocate(4).putInt(length).array());

                long allocated = allocatedBytes();
                if (last) {
                    Collector c = new Collector();
                    try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), c)) {
                        assertEquals(4, c.records.size());
                        assertTrue(
                                log.recovery().tornTail().orElseThrow().reason().contains("length"));
                    }
                } else {
                    assertNames(refused(dir), seg, rec);
                }
                allocated = allocatedBytes() - allocated;
                assertTrue(
                        allocated < 16 << 20, "a corrupt length of " + length + " allocated " + allocated + " bytes");
            }
        }
    }

    @SuppressWarnings("deprecation")
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
