package dev.lazarus.store.reliability;

import static dev.lazarus.store.reliability.Journals.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Disk full on a real file system (RELIABILITY.md §4): a small tmpfs mounted by {@code scripts/disk-full.sh} (needs
 * root) and named by {@code -Dlazarus.reliability.smallfs=DIR}; skipped without it. The kernel's own ENOSPC, short
 * writes included: the append fails with "disk full", the journal stops, it reopens with every acknowledged append
 * while the disk is still full, and work resumes once space is freed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiskFullRealFsTest {

    @Test
    void realEnospcOnASmallTmpfs() throws IOException {
        String fs = System.getProperty("lazarus.reliability.smallfs");
        Assumptions.assumeTrue(
                fs != null && !fs.isBlank(),
                "needs -Dlazarus.reliability.smallfs=DIR, a small file system (scripts/disk-full.sh mounts one)");
        Path root = Path.of(fs);
        FileStore store = Files.getFileStore(root);
        Assumptions.assumeTrue(store.getTotalSpace() < 64L << 20, "the file system at " + fs + " is not small");
        int rounds = 0;
        for (int segmentKiB : new int[] {4, 64}) {
            for (int recordSize : new int[] {100, 3000, 20000}) {
                Path dir = root.resolve("journal-" + segmentKiB + "-" + recordSize);
                Path filler = root.resolve("filler");
                Files.deleteIfExists(filler);
                LogOptions options = LogOptions.defaults().withSegmentSize(segmentKiB * 1024L);
                List<String> acked = new ArrayList<>();
                JournalException failure = null;
                try (JournalLog log = JournalLog.open(dir, options, (l, t, p) -> {})) {
                    for (int i = 0; failure == null && i < 100_000; i++) {
                        String p = i + "-" + "r".repeat(recordSize);
                        try {
                            log.append((byte) 1, bytes(p));
                            acked.add(p);
                        } catch (JournalException e) {
                            failure = e;
                        }
                    }
                    assertTrue(failure != null, "the disk never filled");
                    assertEquals("LAZ-104", failure.code(), failure.getMessage());
                    assertTrue(failure.getMessage().contains("disk full writing"), failure.getMessage());
                    assertEquals(
                            "LAZ-104",
                            assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("x")))
                                    .code());
                }
                // still full (take whatever is left with a filler file): the journal opens, all acknowledged there
                try {
                    Files.write(filler, new byte[(int) Math.min(Integer.MAX_VALUE, store.getUsableSpace())]);
                } catch (IOException full) {
                    // the filler took what it could
                }
                Collector c = new Collector();
                JournalLog.open(dir, options, c).close();
                assertEquals(acked, c.texts().subList(0, acked.size()), "every acknowledged append, disk full");
                // space back: resume
                Files.deleteIfExists(filler);
                Journals.deleteTree(root.resolve("other"));
                try (JournalLog log = JournalLog.open(dir, options, (l, t, p) -> {})) {
                    log.append((byte) 1, bytes("resumed"));
                }
                List<String> back = Journals.reopen(dir);
                assertEquals(acked, back.subList(0, acked.size()));
                assertEquals("resumed", back.get(back.size() - 1));
                System.out.printf(
                        "tmpfs of %d KiB, %d KiB segments, %d-byte records: ENOSPC after %d acknowledged"
                                + " appends (%s); reopened full and after freeing space%n",
                        store.getTotalSpace() / 1024, segmentKiB, recordSize, acked.size(), failure.getMessage());
                Journals.deleteTree(dir);
                rounds++;
            }
        }
        assertEquals(6, rounds);
    }
}
