package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.copyDir;
import static dev.lazarus.store.log.LogTestSupport.recordOffsets;
import static dev.lazarus.store.log.LogTestSupport.reopen;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static dev.lazarus.store.log.LogTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornTailTest {
    @TempDir
    Path tmp;

    private List<String> writeTemplate(Path dir, int n) {
        List<String> texts = new ArrayList<>();
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            for (int i = 0; i < n; i++) {
                String s = String.format("rec-%04d-abcdefghijklmnop", i); // 24 bytes
                log.append((byte) 3, bytes(s));
                texts.add(s);
            }
        }
        return texts;
    }

    @Test
    void cutAtEveryOffsetOfTheLastTwoRecordsReopensWithWhatWasComplete() throws Exception {
        Path template = tmp.resolve("template");
        List<String> all = writeTemplate(template, 30);
        List<Path> segs = segments(template);
        assertTrue(segs.size() >= 2, "the cut must be in the newest of several segments");
        Path newest = segs.get(segs.size() - 1);
        List<Long> offsets = recordOffsets(newest);
        assertTrue(offsets.size() >= 2);
        long fileSize = Files.size(newest);
        int inNewest = offsets.size();
        int before = all.size() - inNewest; // records in older segments
        long from = offsets.get(inNewest - 2);

        for (long cut = from; cut <= fileSize; cut++) {
            Path dir = tmp.resolve("cut-" + cut);
            copyDir(template, dir);
            LogTestSupport.truncate(dir.resolve(newest.getFileName()), cut);

            int complete = before;
            for (int k = 0; k < inNewest; k++) {
                long end = k + 1 < inNewest ? offsets.get(k + 1) : fileSize;
                if (end <= cut) {
                    complete = before + k + 1;
                }
            }
            List<String> expected = new ArrayList<>(all.subList(0, complete));
            boolean atBoundary = cut == fileSize || offsets.contains(cut);

            Collector c = new Collector();
            try (JournalLog log = JournalLog.open(dir, small(), c)) {
                assertEquals(expected, c.texts(), "cut at " + cut);
                assertEquals(!atBoundary, log.recovery().tornTail().isPresent(), "cut at " + cut);
                if (!atBoundary) {
                    TornTail t = log.recovery().tornTail().orElseThrow();
                    long tornAt = offsets.get(complete - before); // the first record that is not complete
                    assertEquals(tornAt, t.offset(), "cut at " + cut);
                    assertEquals(cut - tornAt, t.droppedBytes(), "cut at " + cut);
                }
                assertEquals(complete + 1, log.append((byte) 3, bytes("after")), "appends continue, cut at " + cut);
                expected.add("after");
            }
            assertEquals(expected, reopen(dir).texts(), "cut at " + cut);
        }
    }

    @Test
    void zeroFilledTailIsTruncated() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> all = writeTemplate(dir, 5);
        Path seg = segments(dir).get(0);
        long size = Files.size(seg);
        Files.write(seg, new byte[4096], StandardOpenOption.APPEND); // file extended, data never written
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, small(), c)) {
            assertEquals(all, c.texts());
            TornTail t = log.recovery().tornTail().orElseThrow();
            assertEquals(size, t.offset());
            assertEquals(4096, t.droppedBytes());
            assertEquals(seg, t.file());
        }
        assertEquals(size, Files.size(seg), "the torn tail is cut away");
    }

    @Test
    void damagedLastRecordOfNewestSegmentIsATornWrite() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> all = writeTemplate(dir, 5);
        Path seg = segments(dir).get(0);
        List<Long> offsets = recordOffsets(seg);
        long last = offsets.get(offsets.size() - 1);
        LogTestSupport.flipByte(seg, last + SegmentFormat.RECORD_HEADER_SIZE + 3);
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, small(), c)) {
            assertEquals(all.subList(0, 4), c.texts());
            assertEquals("CRC mismatch", log.recovery().tornTail().orElseThrow().reason());
            assertTrue(
                    log.recovery().toString().contains("offset " + last),
                    log.recovery().toString());
        }
    }

    @Test
    void incompleteHeaderOfANewSegmentIsDropped() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> all = writeTemplate(dir, 5);
        assertEquals(1, segments(dir).size());
        // a crash while rolling over: the new file exists, its header did not make it (fully)
        Path next = dir.resolve(SegmentFormat.segmentName(2));
        byte[] header = new byte[SegmentFormat.SEGMENT_HEADER_SIZE];
        SegmentFormat.encodeHeader(2, 6).get(header);
        Files.write(next, java.util.Arrays.copyOf(header, 13));
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(dir, small(), c)) {
            assertEquals(all, c.texts());
            assertTrue(log.recovery().tornTail().isPresent());
            assertFalse(Files.exists(next), "the half-created segment is removed");
            assertEquals(6, log.append((byte) 3, bytes("after")));
        }
        List<String> expected = new ArrayList<>(all);
        expected.add("after");
        assertEquals(expected, reopen(dir).texts());

        // the same with a header-sized file of zeros
        Path zeros = dir.resolve(SegmentFormat.segmentName(segments(dir).size() + 1));
        Files.write(zeros, new byte[SegmentFormat.SEGMENT_HEADER_SIZE]);
        assertEquals(expected, reopen(dir).texts());
        assertFalse(Files.exists(zeros));
    }

    @Test
    void aNewestSegmentThatIsNotAHeaderCutShortIsRefusedAndKept() throws Exception {
        Path template = tmp.resolve("template");
        writeTemplate(template, 30);
        List<Path> segs = segments(template);
        assertTrue(segs.size() >= 2);
        Path newest = segs.get(segs.size() - 1);
        byte[] header = new byte[SegmentFormat.SEGMENT_HEADER_SIZE];
        SegmentFormat.encodeHeader(segs.size(), 1).get(header);
        header[SegmentFormat.SEGMENT_HEADER_SIZE - 1] ^= 1; // a whole header whose checksum fails
        byte[][] contents = {"junk!".getBytes(java.nio.charset.StandardCharsets.US_ASCII), header};
        for (int i = 0; i < contents.length; i++) {
            Path dir = tmp.resolve("replaced-" + i);
            copyDir(template, dir);
            Path replaced = dir.resolve(newest.getFileName());
            Files.write(replaced, contents[i], StandardOpenOption.TRUNCATE_EXISTING);
            JournalCorruptException e = org.junit.jupiter.api.Assertions.assertThrows(
                    JournalCorruptException.class,
                    () -> JournalLog.open(dir, small(), new Collector()).close());
            assertTrue(e.getMessage().contains(replaced.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("left as it is"), e.getMessage());
            assertTrue(Files.exists(replaced), "never deleted as if a crash had cut it");
            assertEquals(contents[i].length, Files.size(replaced));
        }
    }
}
