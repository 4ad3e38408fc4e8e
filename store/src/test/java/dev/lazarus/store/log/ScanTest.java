package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static dev.lazarus.store.log.LogTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanTest {
    @TempDir
    Path tmp;

    @Test
    void scanReadsWhileAnotherInstanceHoldsTheLock() {
        Path dir = tmp.resolve("j");
        List<String> expected = new ArrayList<>();
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            for (int i = 0; i < 30; i++) {
                log.append((byte) 1, bytes("r" + i));
                expected.add("r" + i);
            }
            Collector c = new Collector();
            RecoveryReport report = JournalLog.scan(dir, c);
            assertEquals(expected, c.texts());
            assertEquals(30, report.lastLsn());

            log.append((byte) 1, bytes("later"));
            expected.add("later");
            Collector c2 = new Collector();
            JournalLog.scan(dir, c2);
            assertEquals(expected, c2.texts());
            // the owner still owns it
            assertThrows(JournalLockedException.class, () -> JournalLog.open(dir, small(), new Collector()));
            log.append((byte) 1, bytes("still appending"));
        }
    }

    @Test
    void scanSkipsATornTailWithoutWriting() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            log.append((byte) 1, bytes("a"));
            log.append((byte) 1, bytes("b"));
        }
        Path seg = segments(dir).get(0);
        Files.write(seg, new byte[] {0, 0, 0, 9, 1, 0, 0}, StandardOpenOption.APPEND); // a cut-off frame
        long size = Files.size(seg);
        long modified = Files.getLastModifiedTime(seg).toMillis();
        Collector c = new Collector();
        RecoveryReport report = JournalLog.scan(dir, c);
        assertEquals(List.of("a", "b"), c.texts());
        assertEquals(7, report.tornTail().orElseThrow().droppedBytes());
        assertEquals(size, Files.size(seg), "scan never writes");
        assertEquals(modified, Files.getLastModifiedTime(seg).toMillis());
        assertTrue(!Files.exists(dir.resolve("segment-0000000002.log")));
    }

    @Test
    void scanToleratesANewestSegmentBeingCreated() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            log.append((byte) 1, bytes("a"));
        }
        Path next = dir.resolve(SegmentFormat.segmentName(2));
        Files.write(next, new byte[0]);
        Collector c = new Collector();
        JournalLog.scan(dir, c);
        assertEquals(List.of("a"), c.texts());
        assertTrue(Files.exists(next), "scan never deletes");
    }
}
