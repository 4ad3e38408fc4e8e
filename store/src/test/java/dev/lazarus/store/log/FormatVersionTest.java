package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.reopen;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment format versions: version-1 segments (the first released format, what every journal written before
 * compaction existed has) read as before and are never appended to; new segments are version 2; a newer version
 * is refused with one line naming both versions, by this code and by the released one.
 */
class FormatVersionTest {
    @TempDir
    Path tmp;

    /** Writes a journal with the current code, then rewrites every segment with a version-1 header. */
    private static List<String> version1Journal(Path dir, int records) throws IOException {
        List<String> texts = new ArrayList<>();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            for (int i = 0; i < records; i++) {
                String s = "old-" + i + "-" + "v".repeat(i % 20);
                log.append((byte) 1, bytes(s));
                texts.add(s);
            }
        }
        for (Path p : segments(dir)) {
            rewriteAsVersion1(p);
        }
        return texts;
    }

    private static void rewriteAsVersion1(Path segment) throws IOException {
        byte[] all = Files.readAllBytes(segment);
        ByteBuffer h = ByteBuffer.wrap(all);
        assertEquals(2, h.getInt(4));
        byte[] header = new byte[SegmentFormat.V1_HEADER_SIZE];
        SegmentFormat.encodeVersion1Header(h.getLong(8), h.getLong(16)).get(header);
        byte[] out = new byte[header.length + all.length - SegmentFormat.V2_HEADER_SIZE];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(
                all, SegmentFormat.V2_HEADER_SIZE, out, header.length, all.length - SegmentFormat.V2_HEADER_SIZE);
        Files.write(segment, out);
    }

    private static int version(Path segment) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(segment)).getInt(4);
    }

    @Test
    void aVersion1JournalReadsAndItsFirstAppendRollsToAVersion2Segment() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> texts = version1Journal(dir, 40);
        List<Path> before = segments(dir);
        assertTrue(before.size() >= 2);
        Path newest = before.get(before.size() - 1);
        byte[] newestBytes = Files.readAllBytes(newest);
        assertEquals(texts, reopen(dir).texts());
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            List<SegmentInfo> segs = log.segments();
            assertTrue(segs.stream().allMatch(s -> s.version() == 1), segs.toString());
            assertFalse(segs.get(segs.size() - 1).sealed());
            assertEquals(texts.get(3), new String(log.read(4).orElseThrow().payload()));
            log.append((byte) 1, bytes("new-1"));
            log.append((byte) 1, bytes("new-2"));
            segs = log.segments();
            SegmentInfo added = segs.get(segs.size() - 1);
            assertEquals(before.size() + 1, added.number(), "a new segment");
            assertEquals(2, added.version());
            assertEquals(texts.size() + 1, added.firstLsn());
            assertTrue(segs.get(segs.size() - 2).sealed());
            assertEquals(
                    "new-2", new String(log.read(texts.size() + 2).orElseThrow().payload()));
        }
        assertArrayEquals(newestBytes, Files.readAllBytes(newest), "nothing was appended to the version-1 segment");
        List<String> expected = new ArrayList<>(texts);
        expected.add("new-1");
        expected.add("new-2");
        assertEquals(expected, reopen(dir).texts());
        assertEquals(2, version(segments(dir).get(before.size())));
        // the next open appends to the version-2 segment, no new roll-over
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            log.append((byte) 1, bytes("new-3"));
        }
        assertEquals(before.size() + 1, segments(dir).size());
    }

    @Test
    void aTornTailOfAVersion1SegmentIsCutAndTheAppendGoesToANewSegment() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> texts = version1Journal(dir, 30);
        Path newest = segments(dir).get(segments(dir).size() - 1);
        List<Long> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(newest));
        for (int pos = SegmentFormat.V1_HEADER_SIZE; pos < b.limit(); pos += 17 + b.getInt(pos)) {
            frames.add((long) pos);
        }
        long last = frames.get(frames.size() - 1);
        LogTestSupport.truncate(newest, last + 10);
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            assertEquals(last, log.recovery().tornTail().orElseThrow().offset());
            assertEquals(texts.size(), log.append((byte) 1, bytes("after")));
        }
        assertEquals(last, Files.size(newest), "the torn record was cut, nothing appended there");
        List<String> expected = new ArrayList<>(texts.subList(0, texts.size() - 1));
        expected.add("after");
        assertEquals(expected, reopen(dir).texts());
    }

    @Test
    void anEmptyVersion1NewestSegmentStaysEmptyAndSealed() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> texts = version1Journal(dir, 30);
        int n = segments(dir).size();
        Path empty = dir.resolve(SegmentFormat.segmentName(n + 1));
        Files.write(
                empty,
                SegmentFormat.encodeVersion1Header(n + 1, texts.size() + 1).array());
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            assertEquals(texts.size() + 1, log.append((byte) 1, bytes("after")));
            List<SegmentInfo> segs = log.segments();
            SegmentInfo sealedEmpty = segs.get(segs.size() - 2);
            assertEquals(sealedEmpty.firstLsn() - 1, sealedEmpty.lastLsn(), "an empty range");
            assertEquals(sealedEmpty.firstLsn(), segs.get(segs.size() - 1).firstLsn());
        }
        assertEquals(SegmentFormat.V1_HEADER_SIZE, Files.size(empty));
        List<String> expected = new ArrayList<>(texts);
        expected.add("after");
        assertEquals(expected, reopen(dir).texts());
        // and a later open that does not read it still finds its range from the headers
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), texts.size() + 1, c)) {
            assertEquals(List.of("after"), c.texts());
            assertEquals(texts.get(0), new String(log.read(1).orElseThrow().payload()));
        }
    }

    /** A version-3 header as a later Lazarus might write it: magic, version, and the CRC of bytes 0..27 at 28. */
    private static byte[] version3Header(long number, long firstLsn) {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.putInt(SegmentFormat.MAGIC)
                .putInt(3)
                .putLong(number)
                .putLong(firstLsn)
                .putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        b.putInt((int) crc.getValue());
        b.putLong(0).putInt(0).putInt(0);
        return b.array();
    }

    @Test
    void aSegmentOfANewerVersionIsRefusedNamingBothVersions() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small(), new Collector())) {
            for (int i = 0; i < 5; i++) {
                log.append((byte) 1, bytes("r" + i));
            }
        }
        Path future = dir.resolve(SegmentFormat.segmentName(2));
        // header only: an older reader must not take it for a roll-over cut by a crash and delete it
        Files.write(future, Arrays.copyOf(version3Header(2, 6), SegmentFormat.V2_HEADER_SIZE));
        for (Runnable attempt : List.<Runnable>of(
                () -> JournalLog.open(dir, LogTestSupport.small(), new Collector())
                        .close(),
                () -> JournalLog.scan(dir, (l, t, p) -> {}),
                () -> JournalLog.open(dir, LogTestSupport.small(), 6, new Collector())
                        .close())) {
            JournalException e = assertThrows(JournalException.class, attempt::run);
            assertEquals("LAZ-107", e.code());
            assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
            assertTrue(e.getMessage().contains("versions 1 to 2"), e.getMessage());
            assertTrue(e.getMessage().contains(future.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertTrue(Files.exists(future), "never deleted");
        // in the middle of the journal too
        Files.write(future, version3Header(2, 6));
        Files.write(
                dir.resolve(SegmentFormat.segmentName(3)),
                SegmentFormat.encodeHeader(3, 6).array());
        assertEquals(
                "LAZ-107",
                assertThrows(JournalException.class, () -> reopen(dir)).code());
    }

    /**
     * The released reader (format version 1) checks a header's length (32 bytes), magic and the CRC at offset 28
     * over bytes 0..27, and only then its version. A version-2 header passes the first checks, so that reader
     * refuses a newer journal as a newer format (LAZ-107, both versions named) rather than as damage.
     */
    @Test
    void theReleasedReaderReachesItsVersionCheckOnAVersion2Header() {
        for (ByteBuffer h :
                List.of(SegmentFormat.encodeHeader(7, 100), SegmentFormat.encodeCompactedHeader(7, 1, 99))) {
            byte[] a = new byte[h.remaining()];
            h.get(a);
            ByteBuffer b = ByteBuffer.wrap(a);
            assertTrue(a.length >= 32);
            assertEquals(0x4C5A4A4C, b.getInt(0));
            CRC32C crc = new CRC32C();
            crc.update(a, 0, 28);
            assertEquals((int) crc.getValue(), b.getInt(28), "the released reader's header CRC");
            assertEquals(2, b.getInt(4));
            assertEquals(7, b.getLong(8));
        }
    }
}
